import Foundation
import HearthCore
import HearthStore
import Logging
import Synchronization
import Testing

@testable import HearthWorker

/// The supervisor actor carries out its state machine's actions: a start and a stop that race.
/// The start waits on a stream the test controls, so no timing decides an outcome.
@Suite struct WorkerSupervisorTests {
    final class FakeWorker: SupervisedWorker {
        let startedAt = ContinuousClock.now
        let terminatedWith = Mutex<Duration?>(nil)
        var processIdentity: ObjectIdentifier { ObjectIdentifier(self) }
        var isAlive: Bool { terminatedWith.withLock { $0 == nil } }
        func failureDescription() async -> String { "exited" }
        var statusDescription: String { "fake" }
        func terminate(grace: Duration) async { terminatedWith.withLock { $0 = grace } }
    }

    final class Flag: Sendable {
        private let value = Atomic(false)
        func set() { value.store(true, ordering: .relaxed) }
        var isSet: Bool { value.load(ordering: .relaxed) }
    }

    /// Runs `body` with a supervisor whose app status goes to a fresh SQLite store.
    func withSupervisor(_ body: (WorkerSupervisor<FakeWorker>) async throws -> Void) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-supervisor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let cipher = try SecretCipher(keyBytes: Data(repeating: 1, count: 32))
        let store = try SQLiteStore(path: root.appendingPathComponent("hearth.sqlite").path, cipher: cipher)
        let supervisor = WorkerSupervisor<FakeWorker>(
            appName: "app",
            appID: UUID(),
            kind: "fake worker",
            store: store,
            configuration: WorkerConfiguration(dataDirectory: root),
            note: nil,
            logger: Logger(label: "test")
        )
        try await body(supervisor)
    }

    @Test(.timeLimit(.minutes(1)))
    func aStopWhileAStartIsInFlightTerminatesTheNewWorkerAndFailsTheCaller() async throws {
        try await withSupervisor { supervisor in
            let (entered, enteredSignal) = AsyncStream<Void>.makeStream()
            let (release, releaseSignal) = AsyncStream<Void>.makeStream()
            let worker = FakeWorker()
            let caller = Task {
                try await supervisor.worker {
                    enteredSignal.yield()
                    for await _ in release { break }
                    return worker
                }
            }
            for await _ in entered { break }  // the start is in flight
            await supervisor.stop()
            releaseSignal.yield()
            do {
                _ = try await caller.value
                Issue.record("the caller got a worker after the stop")
            } catch let error as WorkerError {
                #expect(error.code == .unavailable)
                #expect(error.message.contains("replaced while starting"))
            }
            #expect(worker.terminatedWith.withLock { $0 } == .seconds(2))
            #expect(supervisor.runningWorker == nil)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aStartRequestedAfterAStopIsRefusedWithoutStarting() async throws {
        try await withSupervisor { supervisor in
            let running = FakeWorker()
            let gotRunning = try await supervisor.worker { running }
            #expect(gotRunning === running)
            await supervisor.stop()
            #expect(running.terminatedWith.withLock { $0 } == .seconds(5))
            let started = Flag()
            await #expect(throws: WorkerError.self) {
                try await supervisor.worker {
                    started.set()
                    return FakeWorker()
                }
            }
            #expect(!started.isSet)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aRecycledWorkerIsKilledAndTheNextCallStartsAnother() async throws {
        try await withSupervisor { supervisor in
            let first = FakeWorker()
            let gotFirst = try await supervisor.worker { first }
            #expect(gotFirst === first)
            await supervisor.recycle(first, reason: "timed out")
            #expect(first.terminatedWith.withLock { $0 } == .zero)
            #expect(supervisor.runningWorker == nil)
            let second = FakeWorker()
            let gotSecond = try await supervisor.worker { second }
            #expect(gotSecond === second)
            #expect(supervisor.runningWorker === second)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aWarmUpStartsTheWorkerOnceAndAFailedOneBacksOffWithoutThrowing() async throws {
        try await withSupervisor { supervisor in
            // A failed warm start: not thrown, but a backoff like any failed start.
            await supervisor.warm { throw WorkerError(.handlerFailed, "exit 1") }
            #expect(supervisor.runningWorker == nil)
            let started = Flag()
            await #expect(throws: WorkerError.self) {
                try await supervisor.worker {
                    started.set()
                    return FakeWorker()
                }
            }
            #expect(!started.isSet, "a call during the backoff fails fast")
            // Warming again during the backoff starts nothing.
            await supervisor.warm {
                started.set()
                return FakeWorker()
            }
            #expect(!started.isSet)
        }
        try await withSupervisor { supervisor in
            let warmed = FakeWorker()
            await supervisor.warm { warmed }
            #expect(supervisor.runningWorker === warmed)
            await supervisor.warm { FakeWorker() }
            #expect(supervisor.runningWorker === warmed, "a running worker is kept")
            let used = try await supervisor.worker { FakeWorker() }
            #expect(used === warmed, "calls use the warmed worker")
        }
    }
}
