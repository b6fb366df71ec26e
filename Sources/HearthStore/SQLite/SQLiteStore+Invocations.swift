package import Foundation
import GRDB
package import HearthCore

extension SQLiteStore {
    package func writeInvocations(_ records: [InvocationRecord]) async throws {
        guard !records.isEmpty else { return }
        // On the store's background thread: GRDB's synchronous write runs the SQLite work there.
        // A transaction per 256 rows, so that the niced thread never keeps other writers (app
        // status, deployments, keys) waiting for long.
        let pool = self.pool
        try await background.run {
            for start in stride(from: 0, to: records.count, by: 256) {
                let chunk = records[start..<min(start + 256, records.count)]
                try Self.insert(chunk, into: pool)
            }
        }
    }

    private static func insert(_ records: ArraySlice<InvocationRecord>, into pool: DatabasePool) throws {
        try pool.write { db in
            // Records of an app deleted meanwhile are dropped (the WHERE EXISTS), not an error that
            // would fail the whole batch again and again.
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO invocations (id, app_id, function_name, trigger_kind, started_at, duration_ms, status, error, logs, worker_id, worker_instance)
                    SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM apps WHERE id = ?)
                    ON CONFLICT (id) DO UPDATE SET duration_ms = excluded.duration_ms, status = excluded.status,
                        error = excluded.error, logs = excluded.logs
                    """
            )
            for r in records {
                try statement.execute(arguments: [
                    r.id.uuidString, r.appID.uuidString, r.functionName, r.trigger, r.startedAt.millisecondsSince1970,
                    r.durationMilliseconds, r.status.rawValue, r.error, JSONColumn.encode(r.logs), r.workerID, r.workerInstance,
                    r.appID.uuidString,
                ])
            }
        }
    }

    package func invocations(appID: UUID, functionName: String?, limit: Int) async throws -> [InvocationRecord] {
        try await read { db in
            if let functionName {
                return try Row.fetchAll(
                    db,
                    sql: "SELECT * FROM invocations WHERE app_id = ? AND function_name = ? COLLATE NOCASE ORDER BY started_at DESC LIMIT ?",
                    arguments: [appID.uuidString, functionName, limit]
                ).map(Self.invocation)
            }
            return try Row.fetchAll(
                db,
                sql: "SELECT * FROM invocations WHERE app_id = ? ORDER BY started_at DESC LIMIT ?",
                arguments: [appID.uuidString, limit]
            ).map(Self.invocation)
        }
    }

    package func invocation(id: UUID) async throws -> InvocationRecord? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM invocations WHERE id = ?", arguments: [id.uuidString]).map(Self.invocation) }
    }

    package func pruneInvocations(startedBefore date: Date) async throws -> Int {
        try await write("invocation") { db in
            try db.execute(sql: "DELETE FROM invocations WHERE started_at < ?", arguments: [date.millisecondsSince1970])
            return db.changesCount
        }
    }

    package func abandonInvocations(workerID: String, before currentInstance: String, error: String) async throws -> Int {
        try await write("invocation") { db in
            try db.execute(
                sql: """
                    UPDATE invocations SET status = 'abandoned', error = ?
                    WHERE status = 'running' AND worker_id = ? AND (worker_instance IS NULL OR worker_instance < ?)
                    """,
                arguments: [error, workerID, currentInstance]
            )
            return db.changesCount
        }
    }

    static func invocation(_ row: Row) -> InvocationRecord {
        InvocationRecord(
            id: UUID(uuidString: row["id"])!,
            appID: UUID(uuidString: row["app_id"])!,
            functionName: row["function_name"],
            trigger: row["trigger_kind"],
            startedAt: Date(millisecondsSince1970: row["started_at"]),
            durationMilliseconds: row["duration_ms"],
            status: InvocationRecord.Status(rawValue: row["status"]),
            error: row["error"],
            logs: JSONColumn.decode(row["logs"]),
            workerID: row["worker_id"],
            workerInstance: row["worker_instance"]
        )
    }
}
