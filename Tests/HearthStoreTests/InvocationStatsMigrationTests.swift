import Foundation
import GRDB
import HearthCore
import HearthStore
import Testing

/// Migration 0007 (invocation statistics) in both dialects, and its backfill from the invocation
/// rows a version 6 database holds.
@Suite struct InvocationStatsMigrationTests {
    @Test func migrationSevenIsExpandOnlyInBothDialects() throws {
        let sqlite = try #require(try SQLiteStore.migrations().first { $0.version == 7 })
        let sqlserver = try #require(try SQLServerStore.migrations().first { $0.version == 7 })
        for migration in [sqlite, sqlserver] {
            #expect(migration.compatibility == .expand)
            #expect(migration.contractStatements.isEmpty, "\(migration.fileName): \(migration.contractStatements)")
        }
        #expect(sqlite.script.contains("CREATE TABLE invocation_stats ("))
        #expect(sqlserver.script.contains("CREATE TABLE hearth.invocation_stats ("))
    }

    @Test func theSQLiteBackfillCountsFinishedRowsPerFunctionAndHour() throws {
        let queue = try DatabaseQueue()
        let migrations = try SQLiteStore.migrations()
        try queue.write { db in
            // The journal the runner keeps (migration 5 records compatibility in it).
            try db.execute(
                sql: """
                    CREATE TABLE hearth_schema_history (version INTEGER NOT NULL PRIMARY KEY, description TEXT NOT NULL,
                        checksum TEXT NOT NULL, applied_by TEXT NOT NULL, applied_at INTEGER NOT NULL, duration_ms INTEGER NOT NULL,
                        success INTEGER NOT NULL)
                    """
            )
            for migration in migrations where migration.version < 7 { try db.execute(sql: migration.script) }
            let app = UUID().uuidString
            let tenant = UUID().uuidString
            try db.execute(sql: "INSERT INTO tenants (id, name, created_at) VALUES (?, 'acme', 0)", arguments: [tenant])
            try db.execute(sql: "INSERT INTO apps (id, tenant_id, name, created_at) VALUES (?, ?, 'orders', 0)", arguments: [app, tenant])
            let rows: [(String, Int64, Double?, String)] = [
                ("Orders", 3_600_000 + 5, 3, "succeeded"), ("orders", 3_600_000 + 9, 150, "failed"),
                ("Orders", 7_200_000, 40_000, "timedOut"), ("Orders", 3_600_000 + 20, nil, "running"),
                ("Orders", 3_600_000 + 30, nil, "abandoned"),
            ]
            for (name, started, duration, status) in rows {
                try db.execute(
                    sql: """
                        INSERT INTO invocations (id, app_id, function_name, trigger_kind, started_at, duration_ms, status)
                        VALUES (?, ?, ?, 'http', ?, ?, ?)
                        """,
                    arguments: [UUID().uuidString, app, name, started, duration, status]
                )
            }
            try db.execute(sql: try #require(migrations.first { $0.version == 7 }).script)
            let stats = try Row.fetchAll(db, sql: "SELECT * FROM invocation_stats ORDER BY hour_start")
            #expect(stats.map { $0["hour_start"] as Int64 } == [3_600_000, 7_200_000])
            #expect(stats.map { $0["invocations"] as Int64 } == [3, 1])
            #expect(stats.map { $0["failures"] as Int64 } == [2, 1])
            #expect(stats.map { $0["le_5"] as Int64 } == [1, 0])
            #expect(stats.map { $0["le_200"] as Int64 } == [1, 0])
            #expect(stats.map { $0["le_inf"] as Int64 } == [0, 1])
        }
    }
}
