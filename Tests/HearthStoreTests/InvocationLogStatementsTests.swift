import Foundation
import GRDB
import HearthCore
import Testing

@testable import HearthStore

/// ``InvocationLogStatements`` binds the invocation log's values (the INSERT's and the statistics
/// upsert's) through SQLite's C API itself: every hostile value must be stored exactly as GRDB's own
/// binding stores it (same SQLite type, same bytes), and read back unchanged.
@Suite struct InvocationLogStatementsTests {
    static let columns = [
        "id", "app_id", "function_name", "trigger_kind", "started_at", "duration_ms", "status", "error", "logs", "worker_id", "worker_instance",
        "trace_parent",
    ]

    /// NUL bytes, non-ASCII, 100 kB texts (the buffer grows in the middle of a transaction), empty
    /// strings, nil columns, dates before 1970 and far ahead, Int64's extremes as durations.
    static func hostile(_ app: UUID) -> [InvocationRecord] {
        let big = String(repeating: "ä log 🎉 ", count: 100_000 / 12)
        let at = { (ms: Int64) in Date(millisecondsSince1970: ms) }
        return [
            InvocationRecord(
                appID: app,
                functionName: "Fn\u{0}after",
                trigger: "ht\u{0}tp",
                startedAt: at(1_700_000_000_123),
                durationMilliseconds: 1.5,
                status: .failed,
                error: "boom\u{0}tail",
                logs: ["line\u{0}nul", "ünïcødé 日本語 🎉"],
                workerID: "w\u{0}1",
                workerInstance: "\u{0}",
                traceParent: "00-\u{0}"
            ),
            InvocationRecord(
                appID: app,
                functionName: "日本語-関数-🎉",
                trigger: "http",
                startedAt: at(-62_135_596_800_000),
                durationMilliseconds: nil,
                status: .running,
                error: nil,
                logs: [],
                workerID: nil,
                workerInstance: nil,
                traceParent: nil
            ),
            InvocationRecord(
                appID: app,
                functionName: big,
                trigger: "timer",
                startedAt: at(253_402_300_799_999),
                durationMilliseconds: Double(Int64.max),
                status: .succeeded,
                error: big,
                logs: [big, big],
                workerID: big,
                workerInstance: "i",
                traceParent: big
            ),
            InvocationRecord(
                appID: app,
                functionName: "",
                trigger: "",
                startedAt: at(-1),
                durationMilliseconds: Double(Int64.min),
                status: .timedOut,
                error: "",
                logs: [""],
                workerID: "",
                workerInstance: "",
                traceParent: ""
            ),
            InvocationRecord(
                appID: app,
                functionName: "after-the-big-one",
                trigger: "queue",
                startedAt: at(0),
                durationMilliseconds: 0,
                status: .succeeded,
                error: nil,
                logs: ["\"quoted\" \\ \n\t"],
                workerID: "worker",
                workerInstance: nil,
                traceParent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
            ),
        ]
    }

    /// Each row of `table` and `expected` as the text of every column's SQLite type and bytes
    /// (`hex`), sorted by that text (a table's own collations would sort its rows differently from a
    /// copy's); the rows that differ.
    static func differences(_ table: String, _ expected: String, _ db: Database) throws -> [String] {
        let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").map { $0["name"] as String }
        let cells = columns.map { "typeof(\($0)) || ':' || hex(\($0))" }.joined(separator: " || ' ' || ")
        let stored = try String.fetchAll(db, sql: "SELECT \(cells) FROM \(table) ORDER BY 1")
        let wanted = try String.fetchAll(db, sql: "SELECT \(cells) FROM \(expected) ORDER BY 1")
        #expect(stored.count == wanted.count)
        return zip(stored, wanted).filter { $0 != $1 }.map { "\(table): \($0.prefix(300)) vs \($1.prefix(300))" }
    }

    @Test func hostileValuesAreStoredAsGRDBStoresThem() async throws {
        let f = try StoreFixture()
        defer { f.remove() }
        let app = try await f.app()
        let records = Self.hostile(app.id)
        try await f.store.writeInvocations(records)

        // The same values through GRDB's own binding, into a table of the same columns.
        let differences = try await f.store.pool.write { db -> [String] in
            try db.execute(sql: "CREATE TABLE expected AS SELECT * FROM invocations WHERE 0")
            for r in records {
                try db.execute(
                    sql: "INSERT INTO expected (\(Self.columns.joined(separator: ", "))) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    arguments: [
                        r.id.uuidString, r.appID.uuidString, r.functionName, r.trigger, r.startedAt.millisecondsSince1970,
                        r.durationMilliseconds, r.status.rawValue, r.error, JSONColumn.encode(r.logs), r.workerID, r.workerInstance,
                        r.traceParent,
                    ]
                )
            }
            // The statistics upserts of the same records' ends, as GRDB bound them before.
            try db.execute(sql: "CREATE TABLE expected_stats AS SELECT * FROM invocation_stats WHERE 0")
            try db.execute(sql: "CREATE UNIQUE INDEX expected_stats_hour ON expected_stats (app_id, function_name, hour_start)")
            var tally = InvocationStatsTally()
            for r in records where r.status != .running { tally.add(r) }
            for group in tally.groups {
                var arguments: StatementArguments = [
                    group.appID.uuidString, group.functionName, group.hourStart, group.invocations, group.failures, group.durationSum,
                ]
                arguments += StatementArguments(group.buckets)
                let sql = InvocationLogStatements.addStatsSQL.replacingOccurrences(of: "INTO invocation_stats", with: "INTO expected_stats")
                try db.execute(sql: sql, arguments: arguments)
            }
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM invocations") == records.count)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM invocation_stats") == 4)
            return try Self.differences("invocations", "expected", db) + Self.differences("invocation_stats", "expected_stats", db)
        }
        #expect(differences == [])

        // Read back: unchanged, but for the texts with a NUL byte, which GRDB binds (and reads)
        // only up to it, as it always did.
        for r in records.dropFirst() { #expect(try await f.store.invocation(id: r.id) == r) }
        let first = try #require(try await f.store.invocation(id: records[0].id))
        #expect(first.functionName == "Fn")
        #expect(first.error == "boom")
        #expect(first.workerInstance == "")
        #expect(first.logs == records[0].logs)
    }

    @Test func aRetriedBatchOfHostileValuesChangesNothing() async throws {
        let f = try StoreFixture()
        defer { f.remove() }
        let app = try await f.app()
        let records = Self.hostile(app.id)
        try await f.store.writeInvocations(records)
        let hour = { (r: InvocationRecord) in InvocationStats.hour(of: r.startedAt) }
        let stats = { () async throws -> [[InvocationStats]] in
            var all: [[InvocationStats]] = []
            for r in records { all.append(try await f.store.invocationStats(appID: app.id, since: hour(r), until: hour(r).addingTimeInterval(3600))) }
            return all
        }
        let before = try await stats()
        #expect(before.map { $0.map(\.invocations).reduce(0, +) } == [1, 0, 1, 1, 1])
        try await f.store.writeInvocations(records)
        #expect(try await stats() == before)
        for r in records.dropFirst() { #expect(try await f.store.invocation(id: r.id) == r) }
    }
}
