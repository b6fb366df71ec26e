import Crypto
import Foundation
import HearthCore
import HearthPackages
import HearthStore
import Logging
import Testing

@testable import HearthWorker

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A worker with a real custom handler (Tests/Fixtures/apps/queue-python) on a real store: queue
/// triggers with their binding data, queue outputs of queue, timer and HTTP functions, retries
/// after `visibilityTimeout`, poison queues after `maxDequeueCount`, and outputs committed only
/// when the function succeeded.
@Suite(.serialized) struct QueueTriggerEndToEndTests {
    struct Fixture {
        let root: URL
        let store: SQLiteStore
        let tenant: Tenant
        let app: AppRecord
        let defaultAccount: QueueAccount
        let extraAccount: QueueAccount
    }

    func makeFixture() async throws -> Fixture {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-queue-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let store = try SQLiteStore(
            path: root.appendingPathComponent("hearth.sqlite").path,
            cipher: SecretCipher(keyBytes: Data(repeating: 1, count: 32))
        )
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/apps/queue-python")
        let zip = try PackageArchive.zipFolder(fixture)
        let sha = SHA256.hash(data: zip).map { String(format: "%02x", $0) }.joined()
        let tenant = Tenant(name: "queues")
        try await store.createTenant(tenant)
        let extraKeys = QueueAccountKeys.generate()
        let extra = QueueAccount(tenantID: tenant.id, name: "queuesextra")
        try await store.createQueueAccount(extra, keys: extraKeys)
        let app = AppRecord(tenantID: tenant.id, name: "queueapp")
        try await store.createApp(app)
        let connection = "DefaultEndpointsProtocol=http;AccountName=queuesextra;AccountKey=\(extraKeys.secondary.base64EncodedString())"
        try await store.putSettings(
            appID: app.id,
            [
                AppSetting(name: "FLAKY_QUEUE", value: "flaky", isSecret: false),
                AppSetting(name: "FlakyStorage", value: connection, isSecret: true),
                AppSetting(name: "AzureWebJobsStorage", value: "UseDevelopmentStorage=true", isSecret: false),
            ]
        )
        try await store.putPackage(sha256: sha, content: zip)
        let deployment = Deployment(appID: app.id, packageSHA256: sha, packageSize: zip.count, status: .succeeded)
        try await store.createDeployment(deployment)
        try await store.activateDeployment(appID: app.id, deploymentID: deployment.id)
        let defaultAccount = try await store.defaultQueueAccount(tenantID: tenant.id, at: Date())
        return Fixture(root: root, store: store, tenant: tenant, app: app, defaultAccount: defaultAccount, extraAccount: extra)
    }

    /// Runs a worker on the fixture's store while `body` runs; passes the worker's port.
    func withWorker(_ fixture: Fixture, lease: Duration? = nil, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        var configuration = WorkerConfiguration(dataDirectory: fixture.root.appendingPathComponent("worker"))
        if let lease { configuration.queueLease = lease }
        configuration.workerID = "queue-e2e"
        configuration.port = 0
        configuration.pythonPoolSize = 0
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let role = WorkerRole(store: fixture.store, configuration: configuration, logger: Logger(label: "queue-e2e")) { port in
            continuation.yield(port)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await role.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            try await body(port)
            group.cancelAll()
        }
    }

    /// Polls `check` until it returns a value, for at most `seconds`.
    func eventually<T>(_ what: String, seconds: Int = 60, _ check: () async throws -> T?) async throws -> T {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if let value = try await check() { return value }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw QueueBindingError("timed out waiting for \(what)")
    }

    func queue(_ fixture: Fixture, _ account: QueueAccount, _ name: String) async throws -> QueueRecord? {
        try await fixture.store.queue(accountID: account.id, name: QueueName(name))
    }

    func peek(_ fixture: Fixture, _ account: QueueAccount, _ name: String) async throws -> [QueueMessage] {
        guard let queue = try await queue(fixture, account, name) else { return [] }
        return try await fixture.store.peekMessages(queueID: queue.id, limit: 32, at: Date())
    }

    func put(_ fixture: Fixture, _ account: QueueAccount, _ name: String, text: String) async throws -> QueueMessage {
        let queue = try await QueueOutputWriter.queue(QueueName(name), in: account.id, store: fixture.store)
        return try await fixture.store.putMessage(
            queueID: queue.id,
            body: Data(Data(text.utf8).base64EncodedString().utf8),
            visibilityDelay: 0,
            timeToLive: nil,
            at: Date()
        )
    }

    func decoded(_ message: QueueMessage) -> String {
        String(decoding: Data(base64Encoded: message.body) ?? Data(), as: UTF8.self)
    }

    @Test(.timeLimit(.minutes(3)))
    func aQueueMessageRunsItsFunctionWithBindingDataAndItsReturnValueLandsOnTheOutputQueue() async throws {
        let fixture = try await makeFixture()
        defer { try? FileManager.default.removeItem(at: fixture.root) }
        try await withWorker(fixture) { _ in
            let sent = try await put(fixture, fixture.defaultAccount, "orders", text: "hello queue")
            let processed = try await eventually("the output message") {
                try await peek(fixture, fixture.defaultAccount, "processed").first
            }
            let result = try JSONValue.parse(Data(decoded(processed).utf8), file: "output")
            #expect(result["item"] == .string("hello queue"))
            let metadata = try #require(result["metadata"])
            #expect(metadata["Id"] == .string(sent.id.uuidString.lowercased()))
            #expect(metadata["DequeueCount"]?.intValue == 1)
            #expect(metadata["QueueTrigger"] == .string("hello queue"))
            #expect(metadata["PopReceipt"]?.stringValue?.isEmpty == false)
            #expect(metadata["InsertionTime"]?.stringValue?.hasSuffix("+00:00") == true)
            #expect(metadata["ExpirationTime"] == .string("9999-12-31T23:59:59+00:00"))

            // Deleted once the function succeeded; the invocation log names the message.
            let ordersID = try #require(try await queue(fixture, fixture.defaultAccount, "orders")).id
            _ = try await eventually("the message's deletion") {
                try await fixture.store.queueLength(queueID: ordersID, at: Date()) == 0 ? true : nil
            }
            let runs = try await eventually("the invocation record") {
                let runs = try await fixture.store.invocations(appID: fixture.app.id, functionName: "Process", limit: 10)
                return runs.contains { $0.status == .succeeded } ? runs : nil
            }
            #expect(runs.count == 1)
            #expect(runs.first?.trigger == "queue")
            #expect(runs.first?.logs.first?.contains("MessageId: \(sent.id.uuidString.lowercased())") == true, "\(runs)")
            #expect(runs.first?.logs.contains("processing hello queue") == true)
        }
    }

    /// A function that runs for longer than the lease keeps its message: the lease is renewed every
    /// half lease, so the message is not taken again while it runs, and it is deleted once, after
    /// the one run. Without renewal the message would show again after 2 s, run a second time, and
    /// the first run's deletion would fail on its stale pop receipt.
    @Test(.timeLimit(.minutes(3)))
    func aFunctionRunningLongerThanTheLeaseKeepsItsMessageByRenewingIt() async throws {
        let fixture = try await makeFixture()
        defer { try? FileManager.default.removeItem(at: fixture.root) }
        try await withWorker(fixture, lease: .seconds(2)) { _ in
            let sent = try await put(fixture, fixture.defaultAccount, "orders", text: "sleep 5")
            let ordersID = try #require(try await queue(fixture, fixture.defaultAccount, "orders")).id
            _ = try await eventually("the message's deletion") {
                try await fixture.store.queueLength(queueID: ordersID, at: Date()) == 0 ? true : nil
            }
            let runs = try await eventually("the invocation record") {
                let runs = try await fixture.store.invocations(appID: fixture.app.id, functionName: "Process", limit: 10)
                return runs.contains { $0.status == .succeeded } ? runs : nil
            }
            #expect(runs.count == 1, "the message ran more than once: \(runs)")
            #expect(runs.first?.durationMilliseconds ?? 0 >= 5000, "\(runs)")
            let outputs = try await peek(fixture, fixture.defaultAccount, "processed")
            #expect(outputs.count == 1, "\(outputs.map(decoded))")
            let result = try JSONValue.parse(Data(decoded(try #require(outputs.first)).utf8), file: "output")
            #expect(result["metadata"]?["Id"] == .string(sent.id.uuidString.lowercased()))
            #expect(result["metadata"]?["DequeueCount"]?.intValue == 1)
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func aFailingMessageIsRetriedAfterTheVisibilityTimeoutThenMovesToThePoisonQueue() async throws {
        let fixture = try await makeFixture()
        defer { try? FileManager.default.removeItem(at: fixture.root) }
        try await withWorker(fixture) { _ in
            // Flaky reads "%FLAKY_QUEUE%" of the account its "FlakyStorage" connection string names.
            let sent = try await put(fixture, fixture.extraAccount, "flaky", text: "bad input")
            let poisoned = try await eventually("the poison message") {
                try await peek(fixture, fixture.extraAccount, "flaky-poison").first
            }
            #expect(poisoned.body == sent.body)
            #expect(try await peek(fixture, fixture.extraAccount, "flaky").isEmpty)
            #expect(try await queue(fixture, fixture.defaultAccount, "flaky") == nil)
            let poisonQueue = try #require(try await queue(fixture, fixture.extraAccount, "flaky-poison"))
            let leased = try await fixture.store.getMessages(queueID: poisonQueue.id, limit: 1, visibilityTimeout: 30, at: Date())
            // Kept for the account's poison retention (seven days by default).
            let retention = try #require(leased.first).expiresAt.timeIntervalSince(poisoned.insertedAt)
            #expect(abs(retention - QueueAccount.defaultPoisonRetention) < 5)

            let runs = try await eventually("two failed invocations") {
                let runs = try await fixture.store.invocations(appID: fixture.app.id, functionName: "Flaky", limit: 10)
                return runs.filter({ $0.status == .failed }).count == 2 ? runs : nil
            }
            let ordered = runs.sorted { $0.startedAt < $1.startedAt }
            #expect(ordered.count == 2, "maxDequeueCount is 2: \(ordered)")
            #expect(ordered.map(\.trigger) == ["queue", "queue"])
            #expect(ordered[0].logs.first?.contains("DequeueCount: 1") == true, "\(ordered[0].logs)")
            #expect(ordered[1].logs.first?.contains("DequeueCount: 2") == true, "\(ordered[1].logs)")
            // The retry waited out host.json's visibilityTimeout (1 s) after the first failure.
            let firstEnd = ordered[0].startedAt.addingTimeInterval((ordered[0].durationMilliseconds ?? 0) / 1000)
            #expect(ordered[1].startedAt.timeIntervalSince(firstEnd) >= 0.9, "\(ordered)")
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func aMessageTakenMoreOftenThanMaxDequeueCountMovesToPoisonWithoutRunning() async throws {
        let fixture = try await makeFixture()
        defer { try? FileManager.default.removeItem(at: fixture.root) }
        // Taken three times (its consumers died), more than maxDequeueCount (2), before any worker runs.
        let sent = try await put(fixture, fixture.defaultAccount, "orders", text: "died thrice")
        let orders = try #require(try await queue(fixture, fixture.defaultAccount, "orders"))
        for _ in 0..<3 {
            let taken = try #require(try await fixture.store.getMessages(queueID: orders.id, limit: 1, visibilityTimeout: 60, at: Date()).first)
            _ = try await fixture.store.updateMessage(
                queueID: orders.id,
                id: taken.id,
                popReceipt: try #require(taken.popReceipt),
                visibilityTimeout: 0,
                body: nil,
                at: Date()
            )
        }
        try await withWorker(fixture) { _ in
            let poisoned = try await eventually("the poison message") {
                try await peek(fixture, fixture.defaultAccount, "orders-poison").first
            }
            #expect(poisoned.body == sent.body)
            #expect(try await fixture.store.queueLength(queueID: orders.id, at: Date()) == 0)
        }
        #expect(try await fixture.store.invocations(appID: fixture.app.id, functionName: "Process", limit: 10).isEmpty)
        #expect(try await peek(fixture, fixture.defaultAccount, "processed").isEmpty)
    }

    @Test(.timeLimit(.minutes(3)))
    func aTimerFunctionsReturnValueLandsOnItsOutputQueue() async throws {
        let fixture = try await makeFixture()
        defer { try? FileManager.default.removeItem(at: fixture.root) }
        try await withWorker(fixture) { _ in
            // Tick runs on start-up (runOnStartup) and returns its message.
            let tick = try await eventually("the timer's output message") {
                try await peek(fixture, fixture.defaultAccount, "ticks").first
            }
            #expect(decoded(tick) == "tick past due: False")
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func anHTTPFunctionsQueueOutputsAreCommittedOnlyWhenItSucceeded() async throws {
        let fixture = try await makeFixture()
        defer { try? FileManager.default.removeItem(at: fixture.root) }
        try await withWorker(fixture) { port in
            func post(_ body: String) async throws -> Int {
                var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/_app/queueapp/api/Submit")!)
                request.httpMethod = "POST"
                request.httpBody = Data(body.utf8)
                let (_, response) = try await URLSession.shared.data(for: request)
                return (response as? HTTPURLResponse)?.statusCode ?? 0
            }
            #expect(try await post("fail") == 500)
            #expect(try await peek(fixture, fixture.defaultAccount, "outbox").isEmpty)
            #expect(try await peek(fixture, fixture.defaultAccount, "outbox-extra").isEmpty)
            #expect(try await post("ok") == 201)
            // Committed before the answer was sent.
            let outbox = try await peek(fixture, fixture.defaultAccount, "outbox")
            #expect(outbox.map(decoded) == ["submitted ok"])
            let extra = try await peek(fixture, fixture.defaultAccount, "outbox-extra")
            #expect(extra.map(decoded).sorted() == ["extra-1", #"{"n":2}"#])
        }
    }
}
