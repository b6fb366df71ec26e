import Foundation
import HearthCore
import HearthStore
import Testing

/// The invocation log's retry rule across the store's 64-row transactions, on every configured
/// backend: every record is written, a record's end is counted once in the statistics (a batch
/// written twice, a `running` row completed by a later batch, a chunk mixing new and existing ids),
/// and the records of a deleted app are dropped without failing the rest of the batch.
@Suite struct InvocationLogRetryContractTests {
    static let hour = InvocationStatsContractTests.hour

    static func call(_ app: AppRecord, _ n: Int, _ status: InvocationRecord.Status, ms: Double? = nil) -> InvocationRecord {
        InvocationStatsContractTests.call(app, "Job", at: Double(n), status, ms: ms)
    }

    @Test(arguments: StoreBackend.configured)
    func batchesOfManyChunksCountEachEndOnce(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store = f.store
            let app = try await f.app("retry")
            let gone = try await f.app("gone")
            // First batch: 40 running, 10 ended (one failed).
            var running = (0..<40).map { Self.call(app, $0, .running) }
            let ended = (40..<50).map { Self.call(app, $0, $0 == 40 ? .failed : .succeeded, ms: 2) }
            try await store.writeInvocations(running + ended)
            #expect(try await f.store.deleteApp(id: gone.id))

            // Second batch, 160 rows in three chunks, each mixing new and existing ids: 20 of the
            // running calls ended (5 of them timed out), 20 still running, the 10 ended ones again,
            // 80 new ended calls, and 30 of the deleted app.
            for i in 0..<20 {
                running[i].status = i < 5 ? .timedOut : .succeeded
                running[i].durationMilliseconds = 7
            }
            let new = (50..<130).map { Self.call(app, $0, .succeeded, ms: 1) }
            let orphans = (0..<30).map { Self.call(gone, $0, .succeeded, ms: 1) }
            var second: [InvocationRecord] = []
            for i in 0..<80 {
                second.append(new[i])
                if i < 40 { second.append(running[i]) }
                if i < 10 { second.append(ended[i]) }
                if i < 30 { second.append(orphans[i]) }
            }
            #expect(second.count == 160)
            try await store.writeInvocations(second)
            // A retried batch: nothing more is counted.
            try await store.writeInvocations(second)

            let stats = try await store.invocationStats(appID: app.id, since: Self.hour, until: Self.hour.addingTimeInterval(3600))
            #expect(stats.map(\.invocations) == [10 + 20 + 80])
            #expect(stats.map(\.failures) == [1 + 5])
            // 10 ended calls of 2 ms, 20 of 7 ms, 80 of 1 ms.
            #expect(stats.first?.durationSum == 240)
            let stored = try await store.invocations(appID: app.id, functionName: nil, limit: 1000)
            #expect(stored.count == 130)
            let statuses = Dictionary(uniqueKeysWithValues: stored.map { ($0.id, $0.status) })
            #expect(running.allSatisfy { statuses[$0.id] == $0.status })
            #expect((ended + new).allSatisfy { statuses[$0.id] == $0.status })
            for orphan in orphans.prefix(3) { #expect(try await store.invocation(id: orphan.id) == nil) }
            #expect(try await store.invocationStats(appID: gone.id, since: Self.hour, until: Self.hour.addingTimeInterval(3600)).isEmpty)

            // The same record twice in one batch, running then ended: its end is counted once.
            var twice = Self.call(app, 200, .running)
            let first = twice
            twice.status = .succeeded
            twice.durationMilliseconds = 3
            try await store.writeInvocations([first, twice, twice])
            let after = try await store.invocationStats(appID: app.id, since: Self.hour, until: Self.hour.addingTimeInterval(3600))
            #expect(after.map(\.invocations) == [111])
            #expect(try await store.invocation(id: twice.id)?.status == .succeeded)
        }
    }

    /// Batches around the store's chunk (64 rows a transaction): each of 1 to 129 rows, a third of
    /// them written running before, the first record twice (its second copy meets the row the same
    /// batch inserted: in the same chunk, or in a later one when the batch has more than 64 rows),
    /// then the whole batch again.
    @Test(arguments: StoreBackend.configured)
    func batchesAroundTheChunkSizeCountEachEndOnce(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store = f.store
            let app = try await f.app("sizes")
            var next = 0
            var distinct = 0
            for count in [1, 2, 3, 37, 63, 64, 65, 127, 128, 129] {
                // `count - 1` calls (one for a batch of one), the first of them twice.
                let calls: [InvocationRecord] = (next..<next + max(count - 1, 1)).map { Self.call(app, $0, .running) }
                next += calls.count
                distinct += calls.count
                let earlier: [InvocationRecord] = calls.indices.filter { $0 % 3 == 0 }.map { calls[$0] }
                try await store.writeInvocations(earlier)
                var ended: [InvocationRecord] = calls
                for i in ended.indices {
                    ended[i].status = .succeeded
                    ended[i].durationMilliseconds = 1
                }
                if count > 1 { ended.insert(ended[0], at: count.isMultiple(of: 2) ? 1 : ended.count) }
                #expect(ended.count == count)
                try await store.writeInvocations(ended)
                try await store.writeInvocations(ended)

                let stats = try await store.invocationStats(appID: app.id, since: Self.hour, until: Self.hour.addingTimeInterval(3600))
                #expect(stats.map(\.invocations) == [Int64(distinct)], "after a batch of \(count)")
                #expect(stats.first?.durationSum == Double(distinct), "after a batch of \(count)")
                let stored = try await store.invocations(appID: app.id, functionName: nil, limit: 10_000)
                #expect(stored.count == distinct, "after a batch of \(count)")
                let allEnded = stored.allSatisfy { (r: InvocationRecord) in r.status == .succeeded && r.durationMilliseconds == 1 }
                #expect(allEnded, "after a batch of \(count)")
            }
        }
    }
}
