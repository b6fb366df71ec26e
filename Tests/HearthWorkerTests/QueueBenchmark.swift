import Crypto
import Foundation
import HearthCore
import HearthPackages
import HearthStore
import Logging
import Testing

@testable import HearthWorker

/// Queue throughput on SQLite, run by bench/queues.sh (HEARTH_BENCH=1), not a timed test (skipped
/// otherwise). Three figures from one run, on one store file (WAL, `synchronous = NORMAL`, as
/// `hearth serve` opens it):
/// - the ceiling: the store alone putting, taking (in batches of 32, under a lease) and deleting
///   messages, as the trigger does, with no function run;
/// - throughput: a queue filled while no worker runs, then drained by a worker whose function is
///   bench/handler/handler.c (a compiled custom handler, `HEARTH_BENCH_HANDLER`), in the bubblewrap
///   sandbox when `HEARTH_BENCH_SANDBOX=1`;
/// - latency at half that rate: messages put at a fixed pace, each message's time from the start
///   of its put to the start of its invocation (the invocation log's `startedAt`, found by the
///   message id the log's first line names).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["HEARTH_BENCH"] == "1", "queue benchmark: run bench/queues.sh"), .serialized)
struct QueueBenchmark {
    static let environment = ProcessInfo.processInfo.environment
    static let messages = Int(environment["HEARTH_BENCH_MESSAGES"] ?? "20000") ?? 20000
    static let pacedSeconds = Double(environment["HEARTH_BENCH_SECONDS"] ?? "10") ?? 10

    struct Fixture {
        let root: URL
        let store: SQLiteStore
        let app: AppRecord
        let queue: QueueRecord
    }

    static func line(_ name: String, _ figure: String) {
        print("BENCH \(name.padding(toLength: 52, withPad: " ", startingAt: 0)) \(figure)")
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// A store, a tenant and an app whose one function `Work` is queue-triggered on `work`.
    func makeFixture(handler: String) async throws -> Fixture {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-queue-bench-\(UUID().uuidString)")
        let app = root.appendingPathComponent("app")
        try FileManager.default.createDirectory(at: app.appendingPathComponent("Work"), withIntermediateDirectories: true)
        let host = """
            {"version": "2.0",
             "extensions": {"queues": {"batchSize": 32, "maxPollingInterval": "00:00:00.1", "messageEncoding": "none"}},
             "customHandler": {"description": {"defaultExecutablePath": "handler"}}}
            """
        try Data(host.utf8).write(to: app.appendingPathComponent("host.json"))
        let function = #"{"bindings": [{"type": "queueTrigger", "direction": "in", "name": "item", "queueName": "work"}]}"#
        try Data(function.utf8).write(to: app.appendingPathComponent("Work/function.json"))
        try FileManager.default.copyItem(atPath: handler, toPath: app.appendingPathComponent("handler").path)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: app.appendingPathComponent("handler").path)

        let store = try SQLiteStore(
            path: root.appendingPathComponent("hearth.sqlite").path,
            cipher: SecretCipher(keyBytes: Data(repeating: 1, count: 32))
        )
        let zip = try PackageArchive.zipFolder(app)
        let sha = SHA256.hash(data: zip).map { String(format: "%02x", $0) }.joined()
        let tenant = Tenant(name: "bench")
        try await store.createTenant(tenant)
        let record = AppRecord(tenantID: tenant.id, name: "queuebench")
        try await store.createApp(record)
        try await store.putPackage(sha256: sha, content: zip)
        let deployment = Deployment(appID: record.id, packageSHA256: sha, packageSize: zip.count, status: .succeeded)
        try await store.createDeployment(deployment)
        try await store.activateDeployment(appID: record.id, deploymentID: deployment.id)
        let account = try await store.defaultQueueAccount(tenantID: tenant.id, at: Date())
        let queue = try await QueueOutputWriter.queue(QueueName("work"), in: account.id, store: store)
        return Fixture(root: root, store: store, app: record, queue: queue)
    }

    /// Runs a worker on the fixture's store while `body` runs.
    func withWorker<T: Sendable>(_ fixture: Fixture, signals: QueueSignals, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        var configuration = WorkerConfiguration(dataDirectory: fixture.root.appendingPathComponent("worker"))
        configuration.workerID = "queue-bench"
        configuration.port = 0
        configuration.pythonPoolSize = 0
        let launcher: any ProcessLauncher =
            Self.environment["HEARTH_BENCH_SANDBOX"] == "1"
            ? BubblewrapLauncher(configuration: configuration.sandbox) : DirectProcessLauncher()
        var logger = Logger(label: "queue-bench")
        logger.logLevel = .warning
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let role = WorkerRole(store: fixture.store, configuration: configuration, launcher: launcher, queueSignals: signals, logger: logger) {
            continuation.yield($0)
        }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await role.run() }
            var iterator = ports.makeAsyncIterator()
            _ = try #require(await iterator.next())
            let result = try await body()
            group.cancelAll()
            return result
        }
    }

    func put(_ fixture: Fixture, _ text: String) async throws -> QueueMessage {
        try await fixture.store.putMessage(queueID: fixture.queue.id, body: Data(text.utf8), visibilityDelay: 0, timeToLive: nil, at: Date())
    }

    /// Waits until the queue is empty (every message taken and deleted); returns when it was.
    func drained(_ fixture: Fixture, within limit: Duration = .seconds(600)) async throws -> ContinuousClock.Instant {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try await fixture.store.queueLength(queueID: fixture.queue.id, at: Date.distantFuture) == 0 { return .now }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw QueueBindingError("the queue did not drain within \(limit)")
    }

    @Test func throughputAndLatency() async throws {
        let handler = try #require(Self.environment["HEARTH_BENCH_HANDLER"], "HEARTH_BENCH_HANDLER: a compiled bench/handler/handler.c")
        let fixture = try await makeFixture(handler: handler)
        defer { try? FileManager.default.removeItem(at: fixture.root) }
        let clock = ContinuousClock()
        let count = Self.messages

        // 1. The ceiling: the store alone, as the trigger uses it: batches of 32 taken under a
        //    lease, each batch deleted in one transaction (as QueueMessageDeleter does when their
        //    runs end together); beside it, the same with one transaction per deleted message.
        var start = clock.now
        for i in 0..<count { _ = try await put(fixture, "m\(i)") }
        let putRate = Double(count) / Self.seconds(clock.now - start)
        func takeAll(_ delete: @Sendable ([QueueMessage]) async throws -> Void) async throws -> Double {
            let start = clock.now
            var taken = 0
            while taken < count / 2 {
                let batch = try await fixture.store.getMessages(queueID: fixture.queue.id, limit: 32, visibilityTimeout: 600, at: Date())
                if batch.isEmpty { break }
                try await delete(batch)
                taken += batch.count
            }
            return Double(taken) / Self.seconds(clock.now - start)
        }
        let store = fixture.store
        let queueID = fixture.queue.id
        let oneByOne = try await takeAll { batch in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for message in batch {
                    group.addTask { try await store.deleteMessage(queueID: queueID, id: message.id, popReceipt: message.popReceipt ?? "") }
                }
                try await group.waitForAll()
            }
        }
        let ceiling = try await takeAll { batch in
            _ = try await store.deleteMessages(batch.map { QueueMessageReceipt(queueID: queueID, id: $0.id, popReceipt: $0.popReceipt ?? "") })
        }
        Self.line("store: put (one at a time)", String(format: "%8.0f msg/s  (%d messages)", putRate, count))
        Self.line("store: get 32 + delete each in its own transaction", String(format: "%8.0f msg/s", oneByOne))
        Self.line("store: get 32 + delete the 32 at once (ceiling)", String(format: "%8.0f msg/s", ceiling))

        // 2. Throughput: a full queue drained by the worker.
        for i in 0..<count { _ = try await put(fixture, "t\(i)") }
        let signals = QueueSignals()
        let drainRate = try await withWorker(fixture, signals: signals) {
            let begin = clock.now
            let end = try await drained(fixture)
            return Double(count) / Self.seconds(end - begin)
        }
        Self.line("end to end: drain \(count) queued messages", String(format: "%8.0f msg/s  (%.2f of the ceiling)", drainRate, drainRate / ceiling))

        // 3. Latency at half that rate: paced puts (each pokes the worker, as a put through the same
        //    process does), then each message's put-to-invocation time from the invocation log.
        let rate = max(drainRate / 2, 1)
        let paced = Int(rate * Self.pacedSeconds)
        let putAt = try await withWorker(fixture, signals: signals) {
            var putAt: [UUID: Date] = [:]
            let begin = clock.now
            for i in 0..<paced {
                let due = begin + .nanoseconds(Int64(Double(i) / rate * 1e9))
                if due > clock.now { try await Task.sleep(until: due) }
                let before = Date()
                let message = try await put(fixture, "p\(i)")
                signals.poke()
                putAt[message.id] = before
            }
            let achieved = Double(paced) / Self.seconds(clock.now - begin)
            _ = try await drained(fixture)
            Self.line("paced puts", String(format: "%8.0f msg/s  (target %.0f, %d messages)", achieved, rate, paced))
            // Let the invocation log's writer flush.
            try await Task.sleep(for: .seconds(2))
            return putAt
        }
        let records = try await fixture.store.invocations(appID: fixture.app.id, functionName: "Work", limit: 3 * count + paced)
        var latencies: [Double] = []
        for record in records {
            guard let first = record.logs.first, let range = first.range(of: "MessageId: ") else { continue }
            let id = first[range.upperBound...].prefix(36)
            guard let uuid = UUID(uuidString: String(id)), let sent = putAt[uuid] else { continue }
            latencies.append(record.startedAt.timeIntervalSince(sent) * 1000)
        }
        latencies.sort()
        #expect(latencies.count == paced, "every paced message has an invocation record")
        func percentile(_ p: Double) -> Double { latencies.isEmpty ? .nan : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        Self.line(
            "put-to-invocation latency at half the drain rate",
            String(
                format: "p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms  (%d messages)",
                percentile(0.5),
                percentile(0.99),
                latencies.last ?? .nan,
                latencies.count
            )
        )
    }
}
