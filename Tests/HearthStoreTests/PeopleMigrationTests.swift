import Foundation
import GRDB
import HearthCore
import HearthStore
import Testing

/// Migration 0006 (people and the audit log) in both dialects, and the SQLite audit log's
/// append-only triggers tried with raw SQL.
@Suite struct PeopleMigrationTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func migrationSixIsExpandOnlyInBothDialectsAndCarriesTheSameTables() throws {
        let sqlite = try #require(try SQLiteStore.migrations().first { $0.version == 6 })
        let sqlserver = try #require(try SQLServerStore.migrations().first { $0.version == 6 })
        for migration in [sqlite, sqlserver] {
            #expect(migration.compatibility == .expand)
            #expect(migration.contractStatements.isEmpty, "\(migration.fileName): \(migration.contractStatements)")
        }
        for table in ["users", "tenant_memberships", "web_sessions", "setup_links", "sign_in_failures", "instance_settings", "audit_log"] {
            #expect(sqlite.script.contains("CREATE TABLE \(table) ("), "\(table)")
            #expect(sqlserver.script.contains("CREATE TABLE hearth.\(table) ("), "\(table)")
        }
        #expect(sqlite.script.contains("ALTER TABLE api_tokens ADD COLUMN owner_user_id"))
        #expect(sqlserver.script.contains("ALTER TABLE hearth.api_tokens ADD owner_user_id"))
    }

    @Test func onSQLServerTheRuntimeRoleMayNotChangeOrDeleteAuditRowsButMayPurgeThroughTheProcedure() throws {
        let migration = try #require(try SQLServerStore.migrations().first { $0.version == 6 })
        let batches = TSQLBatch.split(migration.script)
        #expect(batches.allSatisfy { $0.nonTransactionalStatements.isEmpty })
        #expect(batches.contains { $0.text.contains("DENY UPDATE, DELETE ON OBJECT::hearth.audit_log TO hearth_runtime") })
        let procedure = try #require(batches.first { $0.text.contains("CREATE PROCEDURE hearth.purge_audit_log") })
        #expect(procedure.text.contains("WITH EXECUTE AS OWNER"))
        // The idempotent script runs the procedure's batch through EXEC, as a batch must start with it.
        let script = try SQLServerScript.generate(idempotent: true)
        let create = try #require(script.range(of: "CREATE PROCEDURE hearth.purge_audit_log"))
        let exec = try #require(script.range(of: "EXEC (N'", options: .backwards, range: script.startIndex..<create.lowerBound))
        #expect(!script[exec.upperBound..<create.lowerBound].contains("GO\n"))
        #expect(!script[exec.upperBound..<create.lowerBound].contains("END;"))
        #expect(SQLServerStatements.all.contains { $0.sql.contains("EXEC hearth.purge_audit_log") })
        // No statement of the backend updates or deletes audit rows but the procedure.
        for statement in SQLServerStatements.all {
            #expect(!statement.sql.contains("UPDATE hearth.audit_log"), "\(statement.name)")
            #expect(!statement.sql.contains("DELETE FROM hearth.audit_log"), "\(statement.name)")
        }
    }

    @Test func aVersionFiveDatabaseMigratesAndItsBearerTokensKeepWorking() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-people-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("hearth.sqlite").path
        // A database as hearth of schema version 5 left it, with a token.
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE hearth_schema_history (version INTEGER NOT NULL PRIMARY KEY, description TEXT NOT NULL,
                        checksum TEXT NOT NULL, applied_by TEXT NOT NULL, applied_at INTEGER NOT NULL, duration_ms INTEGER NOT NULL,
                        success INTEGER NOT NULL)
                    """
            )
            for migration in try SQLiteStore.migrations() where migration.version <= 5 {
                try db.execute(sql: migration.script)
                try db.execute(
                    sql: "INSERT INTO hearth_schema_history VALUES (?, ?, ?, 'test', 0, 0, 1)",
                    arguments: [migration.version, migration.description, migration.checksum]
                )
            }
            try db.execute(sql: "INSERT INTO hearth_schema_compatibility VALUES (5, 'expand')")
            try db.execute(
                sql: "INSERT INTO api_tokens (id, name, token_hash, role, tenant_id, created_at) VALUES (?, 'old', 'old-hash', 'admin', NULL, 0)",
                arguments: [UUID().uuidString]
            )
        }
        try queue.close()

        let store = try SQLiteStore(path: path, cipher: SecretCipher(keyBytes: Data(repeating: 1, count: 32)))
        #expect(try await store.migrationStatus().isCurrent)
        let token = try #require(try await store.token(secretHash: "old-hash"))
        #expect(token.name == "old" && token.role == .admin && token.ownerUserID == nil)
        #expect(try await store.users().isEmpty)
        #expect(try await store.instanceSettings() == InstanceSettings())
    }

    @Test func theSQLiteDatabaseRefusesToChangeOrDeleteAuditRows() async throws {
        let f = try StoreFixture()
        defer { f.remove() }
        let event = AuditEvent(at: Self.start, actor: .init(kind: .system, name: "hearth"), action: "instance.start", target: "hearth")
        try await f.store.appendAudit(event)
        let queue = try DatabaseQueue(path: f.path)
        for sql in ["UPDATE audit_log SET action = 'forged'", "DELETE FROM audit_log", "DELETE FROM audit_log WHERE id = '\(event.id)'"] {
            #expect {
                try Self.execute(sql, queue)
            } throws: { error in
                "\(error)".contains("append-only")
            }
        }
        // The permit is never left behind by a purge, so the trigger keeps refusing afterwards.
        #expect(try await f.store.purgeAudit(before: Self.start) == 0)
        #expect(try Self.count("audit_purge_permit", queue) == 0)
        #expect(throws: DatabaseError.self) { try Self.execute("DELETE FROM audit_log", queue) }
        #expect(try Self.count("audit_log", queue) == 1)
        try queue.close()
        #expect(try await f.store.auditEvents(AuditQuery()) == [event])
    }

    /// Runs raw SQL on the database file, behind the store's back.
    static func execute(_ sql: String, _ queue: DatabaseQueue) throws {
        try queue.write { db in try db.execute(sql: sql) }
    }

    static func count(_ table: String, _ queue: DatabaseQueue) throws -> Int {
        try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
    }
}
