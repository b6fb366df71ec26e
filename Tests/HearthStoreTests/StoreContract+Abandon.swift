import Foundation
import HearthCore
import HearthStore
import Testing

extension StoreContract {
    /// Restart of a worker: the rows its earlier processes left `running` become `abandoned`;
    /// its own rows, finished rows, and rows of other workers are untouched.
    static func runningRowsOfGoneProcessesAreAbandoned(_ f: some ContractFixture) async throws {
        let app = try await f.app()
        let earlier = UUID.timeOrdered(at: Date(timeIntervalSinceNow: -60)).uuidString.lowercased()
        let current = UUID.timeOrdered().uuidString.lowercased()
        func record(_ worker: String, _ instance: String?, _ status: InvocationRecord.Status = .running) -> InvocationRecord {
            InvocationRecord(appID: app.id, functionName: "Hello", trigger: "http", status: status, workerID: worker, workerInstance: instance)
        }
        let crashed = record("worker-a", earlier)
        let fromOlderVersion = record("worker-a", nil)
        let finished = record("worker-a", earlier, .succeeded)
        let mine = record("worker-a", current)
        let otherWorker = record("worker-b", earlier)
        try await f.store.writeInvocations([crashed, fromOlderVersion, finished, mine, otherWorker])

        let reason = "worker-a stopped before it ended"
        #expect(try await f.store.abandonInvocations(workerID: "worker-a", before: current, error: reason) == 2)
        for (id, status) in [
            (crashed.id, .abandoned), (fromOlderVersion.id, .abandoned), (finished.id, .succeeded), (mine.id, .running), (otherWorker.id, .running),
        ]
            as [(UUID, InvocationRecord.Status)]
        {
            #expect(try await f.store.invocation(id: id)?.status == status)
        }
        let abandoned = try #require(try await f.store.invocation(id: crashed.id))
        #expect(abandoned.error == reason)
        #expect(abandoned.workerID == "worker-a")
        #expect(abandoned.workerInstance == earlier)
        #expect(try await f.store.abandonInvocations(workerID: "worker-a", before: current, error: reason) == 0)
    }
}
