import Foundation
import HearthCore
import HearthStore
import Testing

/// The invocation statistics and the filtered, cursor-following reads of the invocation log
/// (``ManagementStore/invocationTotals(appIDs:since:until:)``, ``ManagementStore/invocationStats(appID:since:until:)``,
/// ``ManagementStore/invocations(appID:filter:limit:)``, ``ManagementStore/invocations(appID:after:filter:limit:)``),
/// on every configured backend, written through ``WorkerStore`` as the workers write them.
@Suite struct InvocationStatsContractTests {
    /// 10:00 UTC, so the calls below fall in known hours.
    static let hour = Date(timeIntervalSince1970: 1_800_000_000 - 1_800_000_000.truncatingRemainder(dividingBy: 3600))

    @Test(.enabled(if: StoreBackend.sqlServerConfigured, StoreBackend.sqlServerSkipped))
    func sqlServerIsAmongTheBackends() {
        #expect(StoreBackend.configured.map(\.name) == ["SQLite", "SQL Server"])
    }

    static func call(
        _ app: AppRecord,
        _ function: String,
        at offset: TimeInterval,
        _ status: InvocationRecord.Status,
        ms: Double? = nil
    ) -> InvocationRecord {
        InvocationRecord(
            appID: app.id,
            functionName: function,
            trigger: "http",
            startedAt: hour.addingTimeInterval(offset),
            durationMilliseconds: ms,
            status: status,
            workerID: "w1",
            workerInstance: "i1"
        )
    }

    @Test(arguments: StoreBackend.configured)
    func anEndIsCountedOnceInItsHourWithItsDurationBucket(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store = f.store
            let app = try await f.app("stats")
            var slow = Self.call(app, "Orders", at: 60, .running)
            try await store.writeInvocations([slow])
            #expect(try await store.invocationStats(appID: app.id, since: Self.hour, until: Self.hour.addingTimeInterval(7200)).isEmpty)
            slow.status = .succeeded
            slow.durationMilliseconds = 150
            let failed = Self.call(app, "orders", at: 120, .failed, ms: 3)
            let nextHour = Self.call(app, "Orders", at: 3700, .timedOut, ms: 40_000)
            try await store.writeInvocations([slow, failed, nextHour])
            // Written again (a retried batch): nothing more is counted.
            try await store.writeInvocations([slow, failed, nextHour])

            let until = Self.hour.addingTimeInterval(7200)
            let stats = try await store.invocationStats(appID: app.id, since: Self.hour.addingTimeInterval(30), until: until)
            #expect(stats.map(\.hour) == [Self.hour, Self.hour.addingTimeInterval(3600)])
            #expect(stats.map(\.invocations) == [2, 1])
            #expect(stats.map(\.failures) == [1, 1])
            #expect(stats.first?.durationSum == 153)
            var expected = Array(repeating: Int64(0), count: InvocationHistogram.bucketCount)
            expected[InvocationHistogram.bucket(milliseconds: 3)] = 1
            expected[InvocationHistogram.bucket(milliseconds: 150)] = 1
            #expect(stats.first?.histogram == expected)
            #expect(stats.last?.histogram.last == 1)
            #expect(stats.allSatisfy { $0.functionName.lowercased() == "orders" })
            // The range is of whole hours: `until` excludes the hour starting at it.
            #expect(try await store.invocationStats(appID: app.id, since: Self.hour, until: Self.hour.addingTimeInterval(3600)).count == 1)
        }
    }

    @Test(arguments: StoreBackend.configured)
    func abandonedCallsCountAsFailuresWithoutADuration(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store = f.store
            let app = try await f.app("abandon")
            try await store.writeInvocations([Self.call(app, "Job", at: 10, .running), Self.call(app, "Job", at: 20, .succeeded, ms: 1)])
            #expect(try await store.abandonInvocations(workerID: "w1", before: "i2", error: "worker restarted") == 1)
            #expect(try await store.abandonInvocations(workerID: "w1", before: "i2", error: "worker restarted") == 0)
            let stats = try await store.invocationStats(appID: app.id, since: Self.hour, until: Self.hour.addingTimeInterval(3600))
            #expect(stats.map(\.invocations) == [2])
            #expect(stats.map(\.failures) == [1])
            #expect(stats.first?.histogram.reduce(0, +) == 1)
        }
    }

    @Test(arguments: StoreBackend.configured)
    func totalsOfManyAppsComeFromOneCallAndPruningTakesEndedHours(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store = f.store
            let first = try await f.app("first")
            let second = try await f.app("second")
            let quiet = try await f.app("quiet")
            try await store.writeInvocations([
                Self.call(first, "A", at: 10, .succeeded, ms: 5), Self.call(first, "B", at: 20, .failed, ms: 5),
                Self.call(second, "A", at: 3610, .succeeded, ms: 5), Self.call(first, "A", at: 30, .running),
            ])
            let until = Self.hour.addingTimeInterval(7200)
            let totals = try await store.invocationTotals(appIDs: [first.id, second.id, quiet.id], since: Self.hour, until: until)
            #expect(totals[first.id] == InvocationTotals(invocations: 2, failures: 1))
            #expect(totals[second.id] == InvocationTotals(invocations: 1, failures: 0))
            #expect(totals[quiet.id] == nil)
            #expect(try await store.invocationTotals(appIDs: [], since: Self.hour, until: until).isEmpty)
            let secondHour = Self.hour.addingTimeInterval(3600)
            let later = try await store.invocationTotals(appIDs: [first.id, second.id], since: secondHour, until: until)
            #expect(later[first.id] == nil && later[second.id]?.invocations == 1)

            // Pruning before 11:30 deletes the 10:00 hour's rows and keeps the 11:00 hour's.
            #expect(try await store.pruneInvocations(startedBefore: Self.hour.addingTimeInterval(5400)) == 4)
            #expect(try await store.invocationStats(appID: first.id, since: Self.hour, until: until).isEmpty)
            #expect(try await store.invocationStats(appID: second.id, since: Self.hour, until: until).map(\.invocations) == [1])
        }
    }

    @Test(arguments: StoreBackend.configured)
    func listsAreFilteredInTheStoreAndFollowACursor(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store = f.store
            let app = try await f.app("log")
            let other = try await f.app("other")
            let calls = [
                Self.call(app, "Orders", at: 1, .succeeded, ms: 1), Self.call(app, "orders", at: 2, .failed, ms: 1),
                Self.call(app, "Stock", at: 3, .succeeded, ms: 1), Self.call(app, "Orders", at: 4, .running),
                Self.call(app, "Orders", at: 4, .succeeded, ms: 2), Self.call(other, "Orders", at: 5, .succeeded, ms: 1),
            ]
            try await store.writeInvocations(calls)
            let all = try await store.invocations(appID: app.id, filter: InvocationFilter(), limit: 10)
            #expect(all.count == 5)
            #expect(all.map(\.startedAt) == all.map(\.startedAt).sorted(by: >))
            let orders = try await store.invocations(appID: app.id, filter: InvocationFilter(functionName: "ORDERS"), limit: 10)
            #expect(orders.count == 4)
            let failed = try await store.invocations(appID: app.id, filter: InvocationFilter(status: .failed), limit: 10)
            #expect(failed.map(\.id) == [calls[1].id])
            let range = InvocationFilter(since: Self.hour.addingTimeInterval(2), until: Self.hour.addingTimeInterval(4))
            #expect(Set(try await store.invocations(appID: app.id, filter: range, limit: 10).map(\.id)) == [calls[1].id, calls[2].id])
            #expect(try await store.invocations(appID: app.id, filter: InvocationFilter(), limit: 2).count == 2)

            // Following: oldest first, in pages, with ties in start time broken by id.
            var seen: [UUID] = []
            var cursor: InvocationCursor?
            while true {
                let page = try await store.invocations(appID: app.id, after: cursor, filter: InvocationFilter(), limit: 2)
                guard let last = page.last else { break }
                seen += page.map(\.id)
                cursor = InvocationCursor(last)
            }
            #expect(seen.count == 5 && Set(seen) == Set(calls.prefix(5).map(\.id)))
            #expect(Array(seen.prefix(3)) == calls.prefix(3).map(\.id))
            let stock = try await store.invocations(appID: app.id, after: nil, filter: InvocationFilter(functionName: "stock"), limit: 10)
            #expect(stock.map(\.id) == [calls[2].id])
        }
    }
}
