import Foundation
import Testing

@testable import HearthStore

/// The start-up schema check and the migration lock, against the TDS test peer playing a database
/// whose journal the test chooses (the peer answers Hearth's journal and lock statements by text).
@Suite(.serialized) struct TDSPeerMigrationTests {
    static let password = "Corr3ct-Horse!"

    static func journalPeer(_ rows: [(Int, String)], lockResult: Int = 0, failOn: String? = nil) throws -> TDSPeer {
        try TDSPeer { request in
            let sql = request.sql
            if let failOn, sql.contains(failOn) {
                return [.error(number: 2714, severity: 16, message: "There is already an object named 'apps' in the database.")]
            }
            if sql.contains(SQLServerStatements.journalExists.sql) {
                return [.rows([TDSPeerColumn(name: "present", type: .bitN)], [[.bit(true)]])]
            }
            if sql.contains(SQLServerStatements.selectJournal.sql) {
                return TDSPeerJournal.reply(rows.map { ($0.0, $0.1) })
            }
            if sql.contains("sp_getapplock") {
                return [.rows([TDSPeerColumn(name: "result", type: .intN(size: 4))], [[.int(Int64(lockResult))]])]
            }
            return [.done(rowCount: 0)]
        }
    }

    func configuration(_ peer: TDSPeer) throws -> SQLServerConfiguration {
        try SQLServerConfiguration(
            connectionString: "Server=tcp:127.0.0.1,\(peer.port);Database=hearth;User ID=hearth_app;Password=\(Self.password);Encrypt=false"
        )
    }

    @Test func pendingMigrationsStopTheRuntimeWithTheDBACommand() async throws {
        let first = try #require(try SQLServerStore.migrations().first)
        let peer = try Self.journalPeer([(first.version, first.checksum)])
        defer { peer.stop() }
        await #expect {
            _ = try await SQLServerStore.open(configuration: try configuration(peer), cipher: SecretCipher(keyBytes: Data(count: 32)))
        } throws: { error in
            let text = "\(error)"
            return (error as? StoreError)?.code == .migration && text.contains("hearth db migrate --store") && text.contains("Password=***")
                && !text.contains(Self.password) && text.contains("0002")
        }
    }

    @Test func anEditedMigrationIsDriftNamingRepair() async throws {
        let peer = try Self.journalPeer([(1, String(repeating: "a", count: 64))])
        defer { peer.stop() }
        await #expect {
            _ = try await SQLServerStore.open(configuration: try configuration(peer), cipher: SecretCipher(keyBytes: Data(count: 32)))
        } throws: { "\($0)".contains("0001_initial.sql differs") && "\($0)".contains("hearth db repair") }
    }

    @Test func aSchemaNewerThanTheBinaryIsRefused() async throws {
        let known = try SQLServerStore.migrations()
        let peer = try Self.journalPeer(known.map { ($0.version, $0.checksum) } + [(99, "f")])
        defer { peer.stop() }
        await #expect {
            _ = try await SQLServerStore.open(configuration: try configuration(peer), cipher: SecretCipher(keyBytes: Data(count: 32)))
        } throws: { "\($0)".contains("version 99") && "\($0)".contains("newer hearth") }
    }

    @Test func aCurrentSchemaStarts() async throws {
        let peer = try Self.journalPeer(try SQLServerStore.migrations().map { ($0.version, $0.checksum) })
        defer { peer.stop() }
        let store = try await SQLServerStore.open(configuration: try configuration(peer), cipher: SecretCipher(keyBytes: Data(count: 32)))
        store.shutdown()
    }

    @Test func aSecondMigratorFailsOnTheLockAndChangesNothing() async throws {
        let peer = try Self.journalPeer([], lockResult: -1)
        defer { peer.stop() }
        let migrator = try SQLServerMigrator(configuration: try configuration(peer))
        defer { migrator.shutdown() }
        await #expect {
            try await migrator.migrate()
        } throws: { "\($0)".contains("another hearth db migrate") && "\($0)".contains("nothing was changed") }
        // Nothing after the lock attempt: no schema, journal or migration batch was sent.
        #expect(!peer.requests.contains { $0.sql.contains("CREATE TABLE") || $0.sql.contains("CREATE SCHEMA") })
    }

    @Test func aFailingMigrationIsRolledBackAndNamed() async throws {
        let peer = try Self.journalPeer([], failOn: "CREATE TABLE hearth.app_host_names")
        defer { peer.stop() }
        let migrator = try SQLServerMigrator(configuration: try configuration(peer))
        defer { migrator.shutdown() }
        await #expect {
            try await migrator.migrate()
        } throws: { "\($0)".contains("0001_initial.sql, batch 2") && "\($0)".contains("rolled back") && "\($0)".contains("2714") }
        let sent = peer.requests.map(\.sql)
        #expect(sent.contains(SQLServerStatements.rollbackTransaction.sql))
        #expect(!sent.contains(SQLServerStatements.commitTransaction.sql))
        #expect(!sent.contains { $0.contains("INSERT INTO hearth.schema_history") })
        #expect(sent.contains { $0.contains("sp_releaseapplock") })
    }
}
