import Foundation
import GRDB
import GRDBSQLite
import HearthCore

/// The invocation log's statements (the INSERT of a chunk's records, the upsert of their
/// statistics), their values bound straight through SQLite's C API onto GRDB's prepared
/// statements, for one write transaction.
///
/// Why not `execute(arguments:)`: building `StatementArguments` (an array of existentials) and
/// GRDB's binding of it cost ~18 k instructions a row under callgrind, a third of the log's write,
/// and ~45 k a statistics upsert (21 values: GRDB's generic initialiser, then `SQLITE_TRANSIENT`
/// copies) (issue #16, bench/README.md). Here each value is bound as it is: integers and doubles
/// by value, texts copied (NUL-terminated) into one buffer this type owns and bound `SQLITE_STATIC` with
/// length -1, which is exactly how GRDB binds a `String` (so a text stops at its first NUL byte, as
/// it always did through GRDB). The bindings are cleared after every statement, so SQLite never keeps
/// a pointer into the buffer past the statement it was bound for. GRDB still runs the statements
/// (`execute()`, a cursor), so its transaction bookkeeping sees them as before.
///
/// Records are inserted several at a time (``insert(_:)``): one multi-row `INSERT … RETURNING id`
/// per power of two of the chunk's size, so SQLite's per-statement work (reset, halt, GRDB's
/// bookkeeping: ~9 k instructions a statement) is paid a few times a chunk instead of once a row,
/// and the connection caches at most seven such statements.
///
/// Use it only inside the write transaction that made it (GRDB's statements belong to their
/// connection and queue); nothing of SQLite's leaves this type.
final class InvocationLogStatements {
    /// A record to insert: its id and its app's id as the table stores them (upper case), its log
    /// lines as the column's JSON.
    struct Row {
        var record: InvocationRecord
        var id: String
        var appID: String
        var logs: String
    }

    /// The values a row binds, in the INSERT's order.
    static let columnsPerRow = 12

    /// The largest number of rows one INSERT takes (a power of two: the store's chunk).
    static let maximumRows = 64

    /// Inserts `rows` records, skipping those whose id exists, and returns the ids it inserted.
    static func insertSQL(rows: Int) -> String {
        let values = Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", count: rows).joined(separator: ", ")
        return """
            INSERT INTO invocations (id, app_id, function_name, trigger_kind, started_at, duration_ms, status, error, logs, worker_id, worker_instance,
                trace_parent)
            VALUES \(values) ON CONFLICT (id) DO NOTHING RETURNING id
            """
    }

    /// Adds an ``InvocationStatsTally/Group`` to its hour: app, function, hour, invocations,
    /// failures, duration sum, then one count per histogram bucket.
    static let addStatsSQL: String = {
        let columns = InvocationHistogram.columnNames
        let values = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        let updates = columns.map { "\($0) = \($0) + excluded.\($0)" }.joined(separator: ", ")
        return """
            INSERT INTO invocation_stats (app_id, function_name, hour_start, invocations, failures, duration_sum,
                \(columns.joined(separator: ", ")))
            VALUES (?, ?, ?, ?, ?, ?, \(values))
            ON CONFLICT (app_id, function_name, hour_start) DO UPDATE SET invocations = invocations + excluded.invocations,
                failures = failures + excluded.failures, duration_sum = duration_sum + excluded.duration_sum, \(updates)
            """
    }()

    private let db: Database
    private let statsStatement: Statement
    /// The texts of the statement being bound, each followed by a NUL. Grown when a statement needs more.
    private var buffer: UnsafeMutableRawBufferPointer

    init(_ db: Database) throws {
        self.db = db
        statsStatement = try db.cachedStatement(sql: Self.addStatsSQL)
        precondition(
            Int(sqlite3_bind_parameter_count(statsStatement.sqliteStatement)) == 6 + InvocationHistogram.bucketCount,
            "the statistics upsert takes six values and a count per bucket"
        )
        buffer = .allocate(byteCount: 16384, alignment: 1)
        // GRDB validates the arguments it is given; these are bound here, so tell GRDB there are
        // none to bind (it resets the statement and clears its bindings) and run it with `execute()`.
        statsStatement.setUncheckedArguments(StatementArguments())
    }

    deinit { buffer.deallocate() }

    /// Inserts each of `rows` unless a row with its id exists (in the table, or earlier in `rows`),
    /// and tells, for each, whether it inserted it.
    func insert(_ rows: [Row]) throws -> [Bool] {
        var inserted: [Bool] = []
        inserted.reserveCapacity(rows.count)
        var start = 0
        // 64 rows: one statement; 37 (32 + 4 + 1): three.
        var size = Self.maximumRows
        while start < rows.count {
            while size > rows.count - start { size /= 2 }
            let part = rows[start..<start + size]
            let ids = try insert(part)
            // The first row of an id that the statement returned inserted it; a later one with the
            // same id did not (it met the first).
            var fresh = ids
            for row in part { inserted.append(fresh.remove(row.id) != nil) }
            start += size
        }
        return inserted
    }

    /// One multi-row INSERT of `rows`; the ids it inserted.
    private func insert(_ rows: ArraySlice<Row>) throws -> Set<String> {
        let insertStatement = try db.cachedStatement(sql: Self.insertSQL(rows: rows.count))
        precondition(Int(sqlite3_bind_parameter_count(insertStatement.sqliteStatement)) == Self.columnsPerRow * rows.count)
        // Resets the statement and clears its bindings; GRDB then binds nothing more before it runs it.
        insertStatement.setUncheckedArguments(StatementArguments())
        let statement = insertStatement.sqliteStatement
        func size(_ text: String?) -> Int { (text?.utf8.count ?? 0) + 1 }
        var needed = 0
        for row in rows {
            let r = row.record
            needed +=
                size(row.id) + size(row.appID) + size(r.functionName) + size(r.trigger) + size(r.status.rawValue) + size(r.error)
                + size(row.logs) + size(r.workerID) + size(r.workerInstance) + size(r.traceParent)
        }
        reserve(needed)
        defer { sqlite3_clear_bindings(statement) }
        var offset = 0
        for (index, row) in rows.enumerated() {
            let r = row.record
            let first = CInt(index * Self.columnsPerRow)
            try bind(row.id, at: first + 1, of: statement, offset: &offset)
            try bind(row.appID, at: first + 2, of: statement, offset: &offset)
            try bind(r.functionName, at: first + 3, of: statement, offset: &offset)
            try bind(r.trigger, at: first + 4, of: statement, offset: &offset)
            try check(sqlite3_bind_int64(statement, first + 5, r.startedAt.millisecondsSince1970), "sqlite3_bind_int64")
            if let duration = r.durationMilliseconds {
                try check(sqlite3_bind_double(statement, first + 6, duration), "sqlite3_bind_double")
            } else {
                try check(sqlite3_bind_null(statement, first + 6), "sqlite3_bind_null")
            }
            try bind(r.status.rawValue, at: first + 7, of: statement, offset: &offset)
            try bind(r.error, at: first + 8, of: statement, offset: &offset)
            try bind(row.logs, at: first + 9, of: statement, offset: &offset)
            try bind(r.workerID, at: first + 10, of: statement, offset: &offset)
            try bind(r.workerInstance, at: first + 11, of: statement, offset: &offset)
            try bind(r.traceParent, at: first + 12, of: statement, offset: &offset)
        }
        // GRDB's cursor resets the statement (keeping these bindings) and steps it to the end.
        return try String.fetchSet(insertStatement)
    }

    /// Adds `group`'s counts to its hour's statistics row.
    func addStats(_ group: InvocationStatsTally.Group) throws {
        let statement = statsStatement.sqliteStatement
        let appID = group.appID.text(uppercase: true)
        let needed = appID.utf8.count + group.functionName.utf8.count + 2
        reserve(needed)
        try check(sqlite3_reset(statement), "sqlite3_reset")
        defer { sqlite3_clear_bindings(statement) }
        var offset = 0
        try bind(appID, at: 1, of: statement, offset: &offset)
        try bind(group.functionName, at: 2, of: statement, offset: &offset)
        try check(sqlite3_bind_int64(statement, 3, group.hourStart), "sqlite3_bind_int64")
        try check(sqlite3_bind_int64(statement, 4, group.invocations), "sqlite3_bind_int64")
        try check(sqlite3_bind_int64(statement, 5, group.failures), "sqlite3_bind_int64")
        try check(sqlite3_bind_double(statement, 6, group.durationSum), "sqlite3_bind_double")
        for (index, count) in group.buckets.enumerated() {
            try check(sqlite3_bind_int64(statement, CInt(7 + index), count), "sqlite3_bind_int64")
        }
        try statsStatement.execute()
    }

    /// Binds `text` (NULL when nil) to `column`: copied with a NUL to the buffer at `offset`, which
    /// moves past it, and bound with length -1 and `SQLITE_STATIC`, as GRDB binds a `String`.
    private func bind(_ text: String?, at column: CInt, of statement: OpaquePointer, offset: inout Int) throws {
        guard var text else {
            try check(sqlite3_bind_null(statement, column), "sqlite3_bind_null")
            return
        }
        let start = offset
        offset += text.withUTF8 { copy($0, at: start) }
        let pointer = (buffer.baseAddress! + start).assumingMemoryBound(to: CChar.self)
        try check(sqlite3_bind_text(statement, column, pointer, -1, nil), "sqlite3_bind_text")
    }

    /// Makes the buffer hold at least `needed` bytes (its contents are not kept: nothing is bound yet).
    private func reserve(_ needed: Int) {
        guard needed > buffer.count else { return }
        buffer.deallocate()
        buffer = .allocate(byteCount: max(needed, buffer.count * 2), alignment: 1)
    }

    /// Copies `bytes` and a NUL to the buffer at `offset`; returns how many bytes that took.
    private func copy(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int {
        let target = buffer.baseAddress! + offset
        if let base = bytes.baseAddress { target.copyMemory(from: base, byteCount: bytes.count) }
        target.storeBytes(of: 0, toByteOffset: bytes.count, as: UInt8.self)
        return bytes.count + 1
    }

    /// Every SQLite call here goes through this: an error names the call and SQLite's message, never a value.
    private func check(_ code: CInt, _ call: StaticString) throws {
        guard code != SQLITE_OK else { return }
        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "\(call): \(String(cString: sqlite3_errstr(code)))")
    }
}
