import Foundation
import GRDB
import GRDBSQLite
import HearthCore

/// The invocation log's statements (the INSERT of one record or of a piece of records, the upsert
/// of an hour's statistics), their values bound straight through SQLite's C API onto GRDB's prepared
/// statements, for one write transaction.
///
/// Why not `execute(arguments:)`: building `StatementArguments` (an array of existentials) and
/// GRDB's binding of it cost ~18 k instructions a row under callgrind, a third of the log's write,
/// and ~45 k a statistics upsert (21 values: GRDB's generic initialiser, then `SQLITE_TRANSIENT`
/// copies) (issue #16, bench/README.md). Here each value is bound as it is: integers and doubles
/// by value, texts copied (NUL-terminated) into one buffer this type owns and bound `SQLITE_STATIC` with
/// length -1, which is exactly how GRDB binds a `String` (so a text stops at its first NUL byte, as
/// it always did through GRDB). The bindings are cleared after every statement, so SQLite never keeps a
/// pointer into the buffer past the rows it was bound for. GRDB still runs the statement
/// (`execute()`), so its transaction bookkeeping sees it as before.
///
/// Most rows are new: they are inserted by multi-row INSERTs (``pieceSQL``, one per power of two of
/// their count, their texts made once and their statements prepared once by GRDB's cache), which
/// save SQLite's per-statement work (the halt, the statement journal's opening) and GRDB's
/// per-execution bookkeeping on every row but one of a piece: ~17 k instructions a row against
/// ~28 k (bench/README.md, "Invocation log write, fifth round, and the JSON payload"). A multi-row
/// INSERT with RETURNING that built its text and re-prepared per chunk, and read a cursor, was
/// slower (the third round).
///
/// Use it only inside the write transaction that made it (GRDB's statements belong to their
/// connection and queue); nothing of SQLite's leaves this type.
final class InvocationLogStatements {
    /// The INSERT's columns, in the order their values are bound.
    static let columns =
        "id, app_id, function_name, trigger_kind, started_at, duration_ms, status, error, logs, worker_id, worker_instance, trace_parent"
    static let columnCount: CInt = 12

    /// One row's INSERT (the per-row path, and the piece of one).
    static let insertSQL = pieceSQL[0]

    /// The sizes of the multi-row INSERTs: a chunk of up to 64 rows is written as one piece per bit
    /// of its count (e.g. 37 = 32 + 4 + 1), so at most seven statements are ever prepared (GRDB's
    /// statement cache keeps them for the connection's life).
    static let pieceSizes = [1, 2, 4, 8, 16, 32, 64]

    /// The INSERT of each of ``pieceSizes``' row counts, made once: `INSERT … VALUES (…), (…), …
    /// ON CONFLICT (id) DO NOTHING` (no RETURNING: SQLite's change count tells whether every row was new).
    static let pieceSQL: [String] = pieceSizes.map { rows in
        let row = "(" + Array(repeating: "?", count: Int(columnCount)).joined(separator: ", ") + ")"
        let values = Array(repeating: row, count: rows).joined(separator: ",\n    ")
        return "INSERT INTO invocations (\(columns))\nVALUES \(values)\nON CONFLICT (id) DO NOTHING"
    }

    /// The text of the INSERT of `rows` rows (one of ``pieceSizes``).
    static func pieceSQL(rows: Int) -> String {
        precondition(rows.nonzeroBitCount == 1 && rows <= 64, "an invocation log piece is a power of two of at most 64 rows")
        return pieceSQL[rows.trailingZeroBitCount]
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
    private let insertStatement: Statement
    private let statsStatement: Statement
    /// The texts of the row or piece being bound, each followed by a NUL. Grown when they need more.
    private var buffer: UnsafeMutableRawBufferPointer

    init(_ db: Database) throws {
        self.db = db
        insertStatement = try db.cachedStatement(sql: Self.insertSQL)
        statsStatement = try db.cachedStatement(sql: Self.addStatsSQL)
        precondition(
            sqlite3_bind_parameter_count(insertStatement.sqliteStatement) == Self.columnCount,
            "the invocation INSERT takes a value per column"
        )
        precondition(
            Int(sqlite3_bind_parameter_count(statsStatement.sqliteStatement)) == 6 + InvocationHistogram.bucketCount,
            "the statistics upsert takes six values and a count per bucket"
        )
        buffer = .allocate(byteCount: 4096, alignment: 1)
        // GRDB validates the arguments it is given; these are bound here, so tell GRDB there are
        // none to bind (it resets each statement and clears its bindings) and run them with `execute()`.
        insertStatement.setUncheckedArguments(StatementArguments())
        statsStatement.setUncheckedArguments(StatementArguments())
    }

    deinit { buffer.deallocate() }

    /// Inserts `row` unless a row with its id exists, and tells whether it inserted.
    func insert(_ row: SQLiteStore.InvocationRow) throws -> Bool {
        let statement = insertStatement.sqliteStatement
        reserve(Self.textBytes(row))
        // SQLite binds only to a statement that is reset (GRDB resets it before it runs, not after).
        try check(sqlite3_reset(statement), "sqlite3_reset")
        defer { sqlite3_clear_bindings(statement) }
        var offset = 0
        try bind(row, from: 1, of: statement, offset: &offset)
        try insertStatement.execute()
        return db.changesCount > 0
    }

    /// Inserts `rows` (a count that ``pieceSizes`` holds) by one multi-row INSERT, skipping the ids
    /// that exist, and tells how many rows it inserted: all of them when it equals the count, else
    /// some ids existed (the caller rolls the piece back and writes it row by row, which tells which).
    func insert(piece rows: ArraySlice<SQLiteStore.InvocationRow>) throws -> Int {
        let piece = try db.cachedStatement(sql: Self.pieceSQL(rows: rows.count))
        precondition(
            Int(sqlite3_bind_parameter_count(piece.sqliteStatement)) == Int(Self.columnCount) * rows.count,
            "the invocation log's piece takes a value per column of each row"
        )
        // GRDB checks the arguments it is given: tell it there are none (as for the per-row
        // statements), then bind here.
        piece.setUncheckedArguments(StatementArguments())
        let statement = piece.sqliteStatement
        reserve(rows.reduce(0) { $0 + Self.textBytes($1) })
        try check(sqlite3_reset(statement), "sqlite3_reset")
        defer { sqlite3_clear_bindings(statement) }
        var offset = 0
        var first: CInt = 1
        for row in rows {
            try bind(row, from: first, of: statement, offset: &offset)
            first += Self.columnCount
        }
        try piece.execute()
        return db.changesCount
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

    /// The bytes `row`'s texts take in the buffer, a NUL after each.
    private static func textBytes(_ row: SQLiteStore.InvocationRow) -> Int {
        func size(_ text: String?) -> Int { (text?.utf8.count ?? 0) + 1 }
        let r = row.record
        return size(row.id) + size(row.appID) + size(r.functionName) + size(r.trigger) + size(r.status.rawValue) + size(r.error)
            + size(row.logs) + size(r.workerID) + size(r.workerInstance) + size(r.traceParent)
    }

    /// Binds `row`'s twelve values to the INSERT's parameters `first` to `first + 11`, in
    /// ``columns``' order (the buffer must hold ``textBytes(_:)`` from `offset`).
    private func bind(_ row: SQLiteStore.InvocationRow, from first: CInt, of statement: OpaquePointer, offset: inout Int) throws {
        let record = row.record
        try bind(row.id, at: first, of: statement, offset: &offset)
        try bind(row.appID, at: first + 1, of: statement, offset: &offset)
        try bind(record.functionName, at: first + 2, of: statement, offset: &offset)
        try bind(record.trigger, at: first + 3, of: statement, offset: &offset)
        try check(sqlite3_bind_int64(statement, first + 4, record.startedAt.millisecondsSince1970), "sqlite3_bind_int64")
        if let duration = record.durationMilliseconds {
            try check(sqlite3_bind_double(statement, first + 5, duration), "sqlite3_bind_double")
        } else {
            try check(sqlite3_bind_null(statement, first + 5), "sqlite3_bind_null")
        }
        try bind(record.status.rawValue, at: first + 6, of: statement, offset: &offset)
        try bind(record.error, at: first + 7, of: statement, offset: &offset)
        try bind(row.logs, at: first + 8, of: statement, offset: &offset)
        try bind(record.workerID, at: first + 9, of: statement, offset: &offset)
        try bind(record.workerInstance, at: first + 10, of: statement, offset: &offset)
        try bind(record.traceParent, at: first + 11, of: statement, offset: &offset)
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
