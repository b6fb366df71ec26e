import Foundation
import HearthCore
import HearthStore
import Testing

/// ``WorkerStore``'s documented behaviour (change tracking, app status, the invocation log, timer
/// claims, leases), on every configured backend. Each test sees the store only as
/// `any WorkerStore`, as HearthWorker does; the fixture's full store sets the scene.
@Suite struct WorkerStoreContractTests {
    @Test(.enabled(if: StoreBackend.sqlServerConfigured, StoreBackend.sqlServerSkipped))
    func sqlServerIsAmongTheBackends() {
        #expect(StoreBackend.configured.map(\.name) == ["SQLite", "SQL Server"])
    }

    @Test(arguments: StoreBackend.configured)
    func changeVersionMovesOnChangesWorkersSeeOnly(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any WorkerStore = f.store
            let app = try await f.app()
            let start = try await store.changeVersion()
            try await f.store.putSettings(appID: app.id, [AppSetting(name: "MODE", value: "fast", isSecret: false)])
            let afterSettings = try await store.changeVersion()
            #expect(afterSettings > start)
            _ = try await f.store.putKey(appID: app.id, FunctionKey(scope: .host, name: "default", value: "k"))
            let afterKey = try await store.changeVersion()
            #expect(afterKey > afterSettings)
            // Reads, app status and the invocation log do not move it.
            _ = try await store.settings(appID: app.id)
            try await store.setAppStatus(appID: app.id, AppStatus(state: "ready", workerID: "w1"))
            try await store.writeInvocations([InvocationRecord(appID: app.id, functionName: "Hello", trigger: "http")])
            #expect(try await store.changeVersion() == afterKey)
        }
    }

    @Test(arguments: StoreBackend.configured)
    func appStatusIsReplacedAndAnUnknownAppIsIgnored(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any WorkerStore = f.store
            let app = try await f.app()
            #expect(try await f.store.appStatus(appID: app.id) == nil)
            try await store.setAppStatus(appID: app.id, AppStatus(state: "loading", workerID: "w1"))
            try await store.setAppStatus(appID: app.id, AppStatus(state: "failed", reason: "no host.json", workerID: "w2"))
            let status = try #require(try await f.store.appStatus(appID: app.id))
            #expect(status.state == "failed")
            #expect(status.reason == "no host.json")
            #expect(status.workerID == "w2")
            try await store.setAppStatus(appID: UUID(), AppStatus(state: "ready"))
        }
    }

    @Test(arguments: StoreBackend.configured)
    func writingTheSameInvocationsAgainChangesNothing(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any WorkerStore = f.store
            let app = try await f.app()
            let records = (0..<3).map {
                InvocationRecord(
                    appID: app.id,
                    functionName: "Hello",
                    trigger: "http",
                    startedAt: Date(timeIntervalSinceNow: Double(-$0)),
                    durationMilliseconds: 5,
                    status: .succeeded,
                    logs: ["line \($0)"],
                    workerID: "w1"
                )
            }
            try await store.writeInvocations(records)
            try await store.writeInvocations(records)
            try await store.writeInvocations([])
            let stored = try await f.store.invocations(appID: app.id, functionName: nil, limit: 10)
            #expect(stored.map(\.id) == records.map(\.id))
            #expect(stored.map(\.logs) == records.map(\.logs))
            #expect(try await store.abandonInvocations(workerID: "w1", before: "~", error: "gone") == 0)
        }
    }

    @Test(arguments: StoreBackend.configured)
    func anOccurrenceIsClaimedOnceWhateverTheCaseOfTheFunctionName(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any WorkerStore = f.store
            let app = try await f.app()
            let occurrence = Date(timeIntervalSince1970: 1_800_000_000)
            #expect(try await store.claimTimerOccurrence(appID: app.id, functionName: "Tick", occurrence: occurrence, owner: "w1"))
            #expect(try await store.claimTimerOccurrence(appID: app.id, functionName: "Tick", occurrence: occurrence, owner: "w1") == false)
            #expect(try await store.claimTimerOccurrence(appID: app.id, functionName: "TICK", occurrence: occurrence, owner: "w2") == false)
            // Another function's occurrence at the same time is its own.
            #expect(try await store.claimTimerOccurrence(appID: app.id, functionName: "Tock", occurrence: occurrence, owner: "w2"))
        }
    }

    @Test(arguments: StoreBackend.configured)
    func timerStatusIsReplacedPerFunction(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any WorkerStore = f.store
            let app = try await f.app()
            let t = Date(timeIntervalSince1970: 1_800_000_000)
            #expect(try await store.timerStatus(appID: app.id, functionName: "Tick") == nil)
            try await store.setTimerStatus(appID: app.id, functionName: "Tick", TimerStatus(last: t, next: t.addingTimeInterval(60), lastUpdated: t))
            let later = TimerStatus(last: t.addingTimeInterval(60), next: t.addingTimeInterval(120), lastUpdated: t.addingTimeInterval(60))
            try await store.setTimerStatus(appID: app.id, functionName: "TICK", later)
            #expect(try await store.timerStatus(appID: app.id, functionName: "tick") == later)
            #expect(try await store.timerStatus(appID: app.id, functionName: "Tock") == nil)
        }
    }

    @Test(arguments: StoreBackend.configured)
    func onlyTheOwnerReleasesALeaseAndNamesAreIndependent(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any WorkerStore = f.store
            #expect(try await store.acquireLease(name: "placement", owner: "a", duration: .seconds(60)))
            try await store.releaseLease(name: "placement", owner: "b")
            #expect(try await store.acquireLease(name: "placement", owner: "b", duration: .seconds(60)) == false)
            #expect(try await store.acquireLease(name: "retention", owner: "b", duration: .seconds(60)))
            try await store.releaseLease(name: "placement", owner: "a")
            try await store.releaseLease(name: "placement", owner: "a")
            #expect(try await store.acquireLease(name: "placement", owner: "b", duration: .seconds(60)))
        }
    }
}
