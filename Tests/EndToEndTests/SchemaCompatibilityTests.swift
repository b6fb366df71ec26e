import Foundation
import GRDB
import HearthStore
import NIOHTTP1
import Testing

/// A fleet upgraded one binary at a time: a newer hearth migrated the store while this one still
/// runs. The test plays the newer hearth: it applies a fixture migration (Tests/Fixtures/migrations)
/// to the SQLite store of a stopped server and records it the way a hearth that knows it would
/// (journal row plus compatibility row), then starts the current binary on that store.
@Suite(.serialized) struct SchemaCompatibilityTests {
    static let fixtures = HearthServer.packageRoot.appendingPathComponent("Tests/Fixtures/migrations")

    /// Applies `file` to the server's store and records it as applied by a newer hearth.
    @discardableResult
    static func applyNewerMigration(_ file: String, to server: HearthServer) throws -> Migration {
        let script = try String(contentsOf: fixtures.appendingPathComponent(file), encoding: .utf8)
        let migration = try Migration(fileName: file, script: script)
        let compatibility = try #require(migration.compatibility)
        let queue = try DatabaseQueue(path: server.dataDirectory.appendingPathComponent("hearth.sqlite").path)
        try queue.inTransaction { db in
            try db.execute(sql: migration.script)
            try db.execute(
                sql: """
                    INSERT INTO hearth_schema_history (version, description, checksum, applied_by, applied_at, duration_ms, success)
                    VALUES (?, ?, ?, 'a newer hearth', ?, 3, 1)
                    """,
                arguments: [migration.version, migration.description, migration.checksum, Int64(Date().timeIntervalSince1970 * 1000)]
            )
            try db.execute(
                sql: "INSERT INTO hearth_schema_compatibility (version, compatibility) VALUES (?, ?)",
                arguments: [migration.version, compatibility.rawValue]
            )
            return .commit
        }
        try queue.close()
        return migration
    }

    @Test func theCurrentBinaryServesOnASchemaNewerByAnExpandMigration() async throws {
        let first = try await HearthServer()
        try await first.createApp("before")
        try await first.kill9()
        try Self.applyNewerMigration("9001_newer_expand.sql", to: first)

        let server = try await HearthServer(restarting: first)
        defer { server.stop() }
        #expect(server.log.contains("Function host listening"), "\(server.log)")
        // It says at start which migrations it does not know.
        #expect(server.log.contains("expand-only migration(s) it does not know: 9001 (newer expand)"), "\(server.log)")
        // And serves: a write into tables the migration widened, and reads back.
        try await server.createApp("after")
        let apps = try await server.api(.GET, "/api/apps")
        #expect(apps.status == 200 && apps.text.contains("before") && apps.text.contains("after"), "\(apps.text)")
    }

    @Test func aSchemaNewerByAContractMigrationIsRefusedNamingItAndTheFix() async throws {
        let first = try await HearthServer()
        try await first.kill9()
        try Self.applyNewerMigration("9002_newer_contract.sql", to: first)

        let refused = try await HearthServer(restarting: first)
        defer { refused.stop() }
        #expect(try await refused.eventually { refused.log.contains("Upgrade this binary") }, "\(refused.log)")
        let log = refused.log
        #expect(log.contains("version 9002 (newer contract), a contract migration this hearth binary does not know"), "\(log)")
        #expect(log.contains("run a newer hearth, one that knows migration 9002"), "\(log)")
        #expect(!log.contains("Function host listening"), "\(log)")
    }
}
