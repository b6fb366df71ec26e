package import Foundation
import GRDB
package import HearthCore
import Synchronization

extension SQLiteStore {
    package func writeInvocations(_ records: [InvocationRecord]) async throws {
        guard !records.isEmpty else { return }
        // On the store's background thread: GRDB's synchronous write runs the SQLite work there.
        // A transaction per 64 rows, so that the niced thread never keeps other writers (app
        // status, deployments, keys, the queue trigger's takes and deletions) waiting for long;
        // the statements' arguments (the logs' JSON included) are made before the write lock is
        // taken.
        try await background.run {
            // A batch's records mostly come app by app: each app's id is written as text once a run.
            var app: (id: UUID, text: String)?
            let rows = records.map { record in
                let text: String
                if let app, app.id == record.appID {
                    text = app.text
                } else {
                    text = record.appID.text(uppercase: true)
                    app = (record.appID, text)
                }
                return InvocationRow(record, appID: text)
            }
            for start in stride(from: 0, to: rows.count, by: 64) {
                try self.insert(rows[start..<min(start + 64, rows.count)])
            }
        }
    }

    /// A record with what its INSERT binds that can be made outside the write transaction: its id
    /// and its app's id as the table stores them (upper case), its logs' JSON. A class: a chunk's
    /// rows are sorted into pieces and handed on by reference (copying a record's fields into each
    /// piece and out again cost ~6 k instructions a row, bench/README.md "Invocation log write, fifth round, and the JSON payload").
    final class InvocationRow {
        let record: InvocationRecord
        let id: String
        let appID: String
        let logs: String

        /// - Parameter appID: `r.appID` as the table stores it.
        init(_ r: InvocationRecord, appID: String) {
            record = r
            id = r.id.text(uppercase: true)
            self.appID = appID
            logs = JSONColumn.encode(r.logs)
        }
    }

    /// Writes one chunk in one transaction, whose BEGIN and COMMIT are cached statements
    /// (``Database/inPreparedImmediateTransaction(_:)``), then notes which of its records are
    /// running (``InvocationsWrittenRunning``; not those of apps deleted meanwhile, which were dropped).
    ///
    /// A record's end is counted in the statistics once: when its row was running or absent before
    /// this write (a retried batch, or the same record twice, counts nothing more). Most rows are new
    /// (a fast invocation is written once, ended): they go in by multi-row INSERTs, one per power of
    /// two of their count (``InvocationLogStatements/insert(piece:)``), each after a savepoint; one
    /// that inserts every row of its piece tells that all were absent. One that inserts fewer met
    /// existing ids (a retried batch, another process's running row that ended since): its piece is
    /// rolled back to the savepoint and written row by row. The ended records of rows this store
    /// wrote running, which would make their piece fall back, are written row by row at once.
    private func insert(_ rows: ArraySlice<InvocationRow>) throws {
        let goneApps: [UUID]
        do {
            // A copy for the transaction, released before the hint is updated (no copy of the set then).
            let running = writtenRunning.withLock { $0 }
            goneApps = try pool.writeWithoutTransaction { db in
                try db.inPreparedImmediateTransaction { try Self.insert(rows, in: db, running) }
            }
        }
        writtenRunning.withLock { hint in
            // Running records of deleted apps were not written: they never end here. (Ended ones
            // are passed on: forgetting an id is always right.)
            hint.written(rows.lazy.filter { $0.record.status != .running || !goneApps.contains($0.record.appID) }.map(\.record))
        }
    }

    /// Writes `rows` in the open transaction; returns the apps whose records were dropped (deleted meanwhile).
    private static func insert(_ rows: ArraySlice<InvocationRow>, in db: Database, _ running: InvocationsWrittenRunning) throws -> [UUID] {
        let statements = try InvocationLogStatements(db)
        // Records of an app deleted meanwhile are dropped, not an error that would fail the whole
        // batch again and again. A chunk has few apps: each is looked up once, in this transaction
        // (no delete comes in between), rather than by every row's statement.
        let appExists = try db.cachedStatement(sql: "SELECT 1 FROM apps WHERE id = ?")
        // Whether each app of the chunk exists, looked up once per chunk.
        var apps: [(id: UUID, exists: Bool)] = []
        var tally = InvocationStatsTally()
        var new: [InvocationRow] = []
        new.reserveCapacity(rows.count)
        for row in rows {
            let exists: Bool
            if let known = apps.first(where: { $0.id == row.record.appID }) {
                exists = known.exists
            } else {
                exists = try Int.fetchOne(appExists, arguments: [row.appID]) != nil
                apps.append((row.record.appID, exists))
            }
            guard exists else { continue }
            if running.contains(row.record) {
                try insertRow(row, statements, db, &tally)
            } else {
                new.append(row)
            }
        }
        var start = new.startIndex
        for size in InvocationLogStatements.pieceSizes.reversed() where new.count & size != 0 {
            let piece = new[start..<start + size]
            start += size
            if size > 1 {
                // Nested in the transaction, and released at once when every row was new, so that
                // SQLite's statement journal holds one piece's pages at most.
                try db.cachedStatement(sql: "SAVEPOINT invocation_piece").execute()
                if try statements.insert(piece: piece) == size {
                    try db.cachedStatement(sql: "RELEASE SAVEPOINT invocation_piece").execute()
                    for row in piece { tally.addEnded(row.record) }
                    continue
                }
                try db.cachedStatement(sql: "ROLLBACK TRANSACTION TO SAVEPOINT invocation_piece").execute()
                try db.cachedStatement(sql: "RELEASE SAVEPOINT invocation_piece").execute()
            }
            for row in piece { try insertRow(row, statements, db, &tally) }
        }
        // One upsert per app, function and hour of the chunk, not one per record.
        for group in tally.groups { try statements.addStats(group) }
        return apps.filter { !$0.exists }.map(\.id)
    }

    /// Writes one row by itself: inserted when absent (its end counted), else updated (its end
    /// counted only if the row was running).
    private static func insertRow(
        _ row: InvocationRow,
        _ statements: InvocationLogStatements,
        _ db: Database,
        _ tally: inout InvocationStatsTally
    )
        throws
    {
        let r = row.record
        if try statements.insert(row) {
            tally.addEnded(r)
            return
        }
        // The row exists: a retried batch, or a running invocation that ended since.
        let previousStatus = try db.cachedStatement(sql: "SELECT status FROM invocations WHERE id = ?")
        let update = try db.cachedStatement(sql: "UPDATE invocations SET duration_ms = ?, status = ?, error = ?, logs = ? WHERE id = ?")
        let previous = try String.fetchOne(previousStatus, arguments: [row.id])
        try update.execute(arguments: [r.durationMilliseconds, r.status.rawValue, r.error, row.logs, row.id])
        if r.status != .running, previous == InvocationRecord.Status.running.rawValue { tally.add(r) }
    }

    package func invocations(appID: UUID, filter: InvocationFilter, limit: Int) async throws -> [InvocationRecord] {
        try await read { db in
            let (conditions, arguments) = Self.conditions(appID: appID, filter)
            return try Row.fetchAll(
                db,
                sql: "SELECT * FROM invocations WHERE \(conditions) ORDER BY started_at DESC, id DESC LIMIT ?",
                arguments: arguments + [limit]
            ).map(Self.invocation)
        }
    }

    package func invocations(
        appID: UUID,
        after cursor: InvocationCursor?,
        filter: InvocationFilter,
        limit: Int
    ) async throws
        -> [InvocationRecord]
    {
        try await read { db in
            var (conditions, arguments) = Self.conditions(appID: appID, filter)
            if let cursor {
                conditions += " AND (started_at > ? OR (started_at = ? AND id > ?))"
                let ms = cursor.startedAt.millisecondsSince1970
                arguments += [ms, ms, cursor.id.uuidString]
            }
            return try Row.fetchAll(
                db,
                sql: "SELECT * FROM invocations WHERE \(conditions) ORDER BY started_at, id LIMIT ?",
                arguments: arguments + [limit]
            ).map(Self.invocation)
        }
    }

    /// The WHERE clause (only the filters given, so the (app_id, started_at) index serves the range).
    private static func conditions(appID: UUID, _ filter: InvocationFilter) -> (String, StatementArguments) {
        var sql = "app_id = ?"
        var arguments: StatementArguments = [appID.uuidString]
        if let name = filter.functionName {
            sql += " AND function_name = ? COLLATE NOCASE"
            arguments += [name]
        }
        if let status = filter.status {
            sql += " AND status = ?"
            arguments += [status.rawValue]
        }
        if let since = filter.since {
            sql += " AND started_at >= ?"
            arguments += [since.millisecondsSince1970]
        }
        if let until = filter.until {
            sql += " AND started_at < ?"
            arguments += [until.millisecondsSince1970]
        }
        return (sql, arguments)
    }

    package func invocationTotals(appIDs: [UUID], since: Date, until: Date) async throws -> [UUID: InvocationTotals] {
        guard !appIDs.isEmpty else { return [:] }
        let ids = "[" + appIDs.map { "\"\($0.uuidString)\"" }.joined(separator: ",") + "]"
        return try await read { db in
            var totals: [UUID: InvocationTotals] = [:]
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT app_id, SUM(invocations) AS invocations, SUM(failures) AS failures FROM invocation_stats
                    WHERE hour_start >= ? AND hour_start < ? AND app_id IN (SELECT value FROM json_each(?))
                    GROUP BY app_id
                    """,
                arguments: [InvocationStats.hour(of: since).millisecondsSince1970, until.millisecondsSince1970, ids]
            )
            for row in rows {
                guard let id = UUID(uuidString: row["app_id"]) else { continue }
                totals[id] = InvocationTotals(invocations: row["invocations"], failures: row["failures"])
            }
            return totals
        }
    }

    package func invocationStats(appID: UUID, since: Date, until: Date) async throws -> [InvocationStats] {
        try await read { db in
            let columns = InvocationHistogram.columnNames
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT function_name, hour_start, invocations, failures, duration_sum, \(columns.joined(separator: ", "))
                    FROM invocation_stats WHERE app_id = ? AND hour_start >= ? AND hour_start < ?
                    ORDER BY function_name COLLATE NOCASE, hour_start
                    """,
                arguments: [appID.uuidString, InvocationStats.hour(of: since).millisecondsSince1970, until.millisecondsSince1970]
            ).map { row in
                // By position, in the SELECT's order: a week of one app is thousands of rows of ~25
                // columns, and GRDB matches a column name case-insensitively on every read.
                InvocationStats(
                    functionName: row[0],
                    hour: Date(millisecondsSince1970: row[1]),
                    invocations: row[2],
                    failures: row[3],
                    durationSum: row[4],
                    histogram: columns.indices.map { row[5 + $0] as Int64 }
                )
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
            let deleted = db.changesCount
            try db.execute(sql: "DELETE FROM invocation_stats WHERE hour_start + 3600000 <= ?", arguments: [date.millisecondsSince1970])
            return deleted
        }
    }

    package func abandonInvocations(workerID: String, before currentInstance: String, error: String) async throws -> Int {
        try await write("invocation") { db in
            // Counted as failures without a duration, in the same transaction as the marking.
            try db.execute(
                sql: """
                    INSERT INTO invocation_stats (app_id, function_name, hour_start, invocations, failures)
                    SELECT app_id, MIN(function_name), started_at - started_at % 3600000, COUNT(*), COUNT(*) FROM invocations
                    WHERE status = 'running' AND worker_id = ? AND (worker_instance IS NULL OR worker_instance < ?)
                    GROUP BY app_id, function_name COLLATE NOCASE, started_at - started_at % 3600000
                    ON CONFLICT (app_id, function_name, hour_start) DO UPDATE SET invocations = invocations + excluded.invocations,
                        failures = failures + excluded.failures
                    """,
                arguments: [workerID, currentInstance]
            )
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
            workerInstance: row["worker_instance"],
            traceParent: row["trace_parent"]
        )
    }
}
