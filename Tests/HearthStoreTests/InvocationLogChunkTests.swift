import Foundation
import GRDB
import HearthCore
import Synchronization
import Testing

@testable import HearthStore

/// The SQLite store writes a chunk of the invocation log in a transaction whose BEGIN and COMMIT
/// are cached statements, its new rows by multi-row INSERTs (one per power of two of their count,
/// each after a savepoint) and the ended records of rows it wrote running one by one: a chunk mixing
/// new and existing ids counts each end once, whether or not the store knew a row existed, and a
/// failure anywhere leaves the chunk unwritten and the connection outside any transaction, ready for
/// the next batch.
@Suite struct InvocationLogChunkTests {
    static let hour = InvocationStatsContractTests.hour

    static func call(_ app: AppRecord, _ n: Int, _ status: InvocationRecord.Status) -> InvocationRecord {
        InvocationStatsContractTests.call(app, "Job", at: Double(n), status, ms: status == .running ? nil : 1)
    }

    static func stats(_ f: StoreFixture, _ app: AppRecord) async throws -> [Int64] {
        try await f.store.invocationStats(appID: app.id, since: hour, until: hour.addingTimeInterval(3600)).map(\.invocations)
    }

    /// 24 rows, three of whose ids exist (two the store wrote running, which it writes row by row;
    /// one ended, which makes its piece of 16 fall back): the two running ones are counted when they
    /// end, the ended one not again, the 21 new ones once.
    @Test func aChunkMeetingExistingIdsCountsEachEndOnce() async throws {
        let f = try StoreFixture()
        defer { f.remove() }
        let app = try await f.app()
        var calls = (0..<24).map { Self.call(app, $0, .succeeded) }
        let runningBefore = [calls[3], calls[11]].map { call -> InvocationRecord in
            var c = call
            c.status = .running
            c.durationMilliseconds = nil
            return c
        }
        try await f.store.writeInvocations(runningBefore + [calls[7]])
        #expect(try await Self.stats(f, app) == [1])

        calls[7].durationMilliseconds = 5  // a retried record whose row says 1 ms: updated, not counted again
        try await f.store.writeInvocations(calls)
        #expect(try await Self.stats(f, app) == [24])
        let stored = try await f.store.invocations(appID: app.id, functionName: nil, limit: 100)
        #expect(stored.count == 24)
        #expect(stored.allSatisfy { $0.status == .succeeded })
        #expect(try await f.store.invocation(id: calls[7].id)?.durationMilliseconds == 5)

        // The whole batch again: every id exists now; nothing more is counted.
        try await f.store.writeInvocations(calls)
        #expect(try await Self.stats(f, app) == [24])
    }

    /// A record whose INSERT fails in the middle of a chunk — a trigger raising an error that
    /// leaves the transaction open (`ABORT`, as a constraint would), or one that SQLite rolls back
    /// itself (`ROLLBACK`, as a full disk would) —: that chunk's rows and counts are all absent, the
    /// earlier chunk's stay, the connection is outside any transaction, and the next batch (the
    /// same one, once the cause is gone) is written in full and counted once.
    @Test(arguments: [(40, "ABORT"), (103, "ABORT"), (109, "ABORT"), (40, "ROLLBACK"), (103, "ROLLBACK")])
    func aFailedChunkLeavesNothingHalfWrittenAndTheStoreUsable(_ failing: Int, _ raise: String) async throws {
        let f = try StoreFixture()
        defer { f.remove() }
        let app = try await f.app()
        // 110 rows: a chunk of 64, then one of 46. Row 40 fails the first chunk; rows 103 and 109 the
        // second, after 39 and 45 of its rows were written (and the first chunk committed).
        var calls = (0..<110).map { Self.call(app, $0, .succeeded) }
        calls[failing].functionName = "Boom"
        let firstChunkFails = failing < 64
        try await f.store.pool.write { db in
            try db.execute(
                sql: "CREATE TRIGGER boom BEFORE INSERT ON invocations WHEN NEW.function_name = 'Boom' BEGIN SELECT RAISE(\(raise), 'boom'); END"
            )
        }
        await #expect(throws: (any Error).self) { try await f.store.writeInvocations(calls) }
        let insideTransaction = try await f.store.pool.writeWithoutTransaction { db in db.isInsideTransaction }
        #expect(!insideTransaction)
        let written = try await f.store.invocations(appID: app.id, functionName: nil, limit: 1000)
        #expect(written.count == (firstChunkFails ? 0 : 64))
        #expect(try await Self.stats(f, app) == (firstChunkFails ? [] : [64]))

        try await f.store.pool.write { db in try db.execute(sql: "DROP TRIGGER boom") }
        try await f.store.writeInvocations(calls)
        let all = try await f.store.invocations(appID: app.id, functionName: nil, limit: 1000)
        #expect(all.count == 110)
        let counted = try await f.store.invocationStats(appID: app.id, since: Self.hour, until: Self.hour.addingTimeInterval(3600))
        #expect(counted.map(\.invocations).reduce(0, +) == 110)
        #expect(counted.map(\.functionName).sorted() == ["Boom", "Job"])
    }

    /// Running rows the store did not write itself (another process's, or ones its hint dropped):
    /// their ended records go into the pieces, which meet the existing ids and fall back; each end
    /// is still counted once, and every row holds its ended record.
    /// (1: a single row, which no piece takes; 2, 5, 33: pieces that fall back.)
    @Test(arguments: [1, 2, 5, 33])
    func runningRowsTheStoreDidNotWriteAreEndedAndCountedOnce(_ count: Int) async throws {
        let f = try StoreFixture()
        defer { f.remove() }
        let app = try await f.app()
        let calls = (0..<count).map { Self.call(app, $0, .succeeded) }
        let other = try SQLiteStore(path: f.path, cipher: SecretCipher(keyBytes: f.keyBytes))
        try await other.writeInvocations(
            calls.map { call in
                var running = call
                running.status = .running
                running.durationMilliseconds = nil
                return running
            }
        )
        #expect(try await Self.stats(f, app) == [])

        try await f.store.writeInvocations(calls)
        #expect(try await Self.stats(f, app) == [Int64(count)])
        let stored = try await f.store.invocations(appID: app.id, functionName: nil, limit: 100)
        #expect(stored.count == count)
        #expect(stored.allSatisfy { $0.status == .succeeded && $0.durationMilliseconds == 1 })
    }

    /// The same id twice in one piece (the second row conflicts with the first inside one INSERT):
    /// the piece falls back, and each invocation is stored once, ended, and counted once.
    @Test func theSameIdTwiceInOnePieceIsCountedOnce() async throws {
        let f = try StoreFixture()
        defer { f.remove() }
        let app = try await f.app()
        let calls = (0..<6).map { Self.call(app, $0, .succeeded) }
        var running = calls[0]
        running.status = .running
        running.durationMilliseconds = nil
        try await f.store.writeInvocations([running, calls[1], calls[2], calls[0]])
        #expect(try await Self.stats(f, app) == [3])
        try await f.store.writeInvocations([calls[3], calls[3], calls[4], calls[5]])
        #expect(try await Self.stats(f, app) == [6])
        let stored = try await f.store.invocations(appID: app.id, functionName: nil, limit: 100)
        #expect(stored.count == 6)
        #expect(stored.allSatisfy { $0.status == .succeeded })
    }

    /// The store notes the running rows it wrote, forgets them when their end is written, and
    /// leaves its note as it was when a chunk fails (nothing of it was written).
    @Test func theStoreNotesTheRunningRowsItWrote() async throws {
        let f = try StoreFixture()
        defer { f.remove() }
        let app = try await f.app()
        let calls = (0..<4).map { Self.call(app, $0, .succeeded) }
        let running = calls.prefix(3).map { call -> InvocationRecord in
            var c = call
            c.status = .running
            c.durationMilliseconds = nil
            return c
        }
        try await f.store.writeInvocations(running + [calls[3]])
        #expect(f.store.writtenRunning.withLock { $0.ids } == Set(running.map(\.id)))
        try await f.store.writeInvocations([calls[0]])
        #expect(f.store.writtenRunning.withLock { $0.ids } == Set([calls[1].id, calls[2].id]))

        try await f.store.pool.write { db in
            try db.execute(sql: "CREATE TRIGGER boom BEFORE UPDATE ON invocations BEGIN SELECT RAISE(ABORT, 'boom'); END")
        }
        await #expect(throws: (any Error).self) { try await f.store.writeInvocations([calls[1], calls[2]]) }
        #expect(f.store.writtenRunning.withLock { $0.ids } == Set([calls[1].id, calls[2].id]))
        #expect(try await Self.stats(f, app) == [2])
    }

    /// A running record of an app deleted meanwhile is dropped, not noted: it will never end here.
    @Test func runningRecordsOfADeletedAppAreNotNoted() async throws {
        let f = try StoreFixture()
        defer { f.remove() }
        let app = try await f.app()
        let gone = try await f.app("gone")
        #expect(try await f.store.deleteApp(id: gone.id))
        var running = Self.call(gone, 0, .running)
        running.durationMilliseconds = nil
        var kept = Self.call(app, 1, .running)
        kept.durationMilliseconds = nil
        try await f.store.writeInvocations([running, kept])
        #expect(f.store.writtenRunning.withLock { $0.ids } == [kept.id])
        #expect(try await f.store.invocations(appID: gone.id, functionName: nil, limit: 10).isEmpty)
    }
}
