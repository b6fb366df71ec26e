import Foundation
import HearthCore
import HearthRuntimes
import HearthStore
import Testing

@testable import HearthWorker

/// Queue triggers and queue outputs of JavaScript (Hearth's Node worker) and Python (the official
/// worker 1.1.9 over FunctionRpc) apps, through the real engine: a worker on a real SQLite store
/// runs the real language processes. Each app has the same two functions: `Orders` reports the
/// binding data it saw to its `$return` queue (in JavaScript through `context.done(null, value)`)
/// and writes two copies to a list output; `Doomed` always fails. Its host.json asks for one message
/// at a time (`batchSize` 1, `newBatchThreshold` 0), a retry 1 s after a failure and the poison queue
/// after the second (`maxDequeueCount` 2).
/// Reuses the worker and store helpers of ``QueueTriggerEndToEndTests``.
@Suite(.serialized) struct LanguageQueueEndToEndTests {
    static let hostJSON = """
        {"version": "2.0", "extensions": {"queues": {"batchSize": 1, "newBatchThreshold": 0, "maxDequeueCount": 2,
          "visibilityTimeout": "00:00:01", "maxPollingInterval": "00:00:00.2"}}}
        """

    static let ordersBindings = """
        {"scriptFile": "SCRIPT", "bindings": [
          {"name": "order", "type": "queueTrigger", "direction": "in", "queueName": "orders"},
          {"name": "copies", "type": "queue", "direction": "out", "queueName": "copies"},
          {"name": "$return", "type": "queue", "direction": "out", "queueName": "seen"}]}
        """

    static let doomedBindings = """
        {"scriptFile": "SCRIPT", "bindings": [
          {"name": "text", "type": "queueTrigger", "direction": "in", "queueName": "doomed"}]}
        """

    static func app(script: String, orders: String, doomed: String) -> [String: String] {
        [
            "host.json": hostJSON,
            "Orders/function.json": ordersBindings.replacingOccurrences(of: "SCRIPT", with: script),
            "Orders/\(script)": orders,
            "Doomed/function.json": doomedBindings.replacingOccurrences(of: "SCRIPT", with: script),
            "Doomed/\(script)": doomed,
        ]
    }

    static let node = app(
        script: "index.js",
        orders: """
            module.exports = function (context, order) {
              const data = context.bindingData;
              context.bindings.copies = [`copy 1 of ${order.order}`, `copy 2 of ${order.order}`];
              context.done(null, {
                order: order.order, id: data.id, dequeueCount: data.dequeueCount, insertionTime: data.insertionTime,
                expirationTime: data.expirationTime, nextVisibleTime: data.nextVisibleTime, popReceipt: data.popReceipt,
              });
            };
            """,
        doomed: """
            module.exports = async function (context, text) {
              throw new Error(`cannot process ${text}`);
            };
            """
    )

    static let python = app(
        script: "__init__.py",
        orders: """
            import json
            import typing
            import azure.functions as func

            def main(order: func.QueueMessage, copies: func.Out[typing.List[str]]) -> str:
                number = order.get_json()['order']
                copies.set([f'copy 1 of {number}', f'copy 2 of {number}'])
                return json.dumps({
                    'order': number, 'id': order.id, 'dequeueCount': order.dequeue_count,
                    'insertionTime': order.insertion_time.isoformat(), 'expirationTime': order.expiration_time.isoformat(),
                    'nextVisibleTime': order.time_next_visible.isoformat(), 'popReceipt': order.pop_receipt,
                })
            """,
        doomed: """
            import azure.functions as func

            def main(text: func.QueueMessage) -> None:
                raise ValueError('cannot process ' + text.get_body().decode())
            """
    )

    static var pythonRuntime: URL { PythonQueueBindingTests.runtime.directory }

    let base = QueueTriggerEndToEndTests()

    /// A store with the app of `files` deployed under `runtime`; the worker finds the Python
    /// environment at `runtimes/python` next to its data directory.
    func makeFixture(_ files: [String: String], runtime: String) async throws -> QueueTriggerEndToEndTests.Fixture {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-language-queue-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("runtimes"), withIntermediateDirectories: true)
        let runtimeLink = root.appendingPathComponent("runtimes/python")
        try FileManager.default.createSymbolicLink(at: runtimeLink, withDestinationURL: Self.pythonRuntime)
        let source = root.appendingPathComponent("app")
        try QueueFixtures.write(files, to: source)
        let cipher = try SecretCipher(keyBytes: Data(repeating: 2, count: 32))
        let store = try SQLiteStore(path: root.appendingPathComponent("hearth.sqlite").path, cipher: cipher)
        let tenant = Tenant(name: "languages")
        let app = AppRecord(tenantID: tenant.id, name: "\(runtime)queues")
        let settings = [AppSetting(name: "FUNCTIONS_WORKER_RUNTIME", value: runtime, isSecret: false)]
        try await QueueFixtures.deploy(source, as: app, of: tenant, settings: settings, in: store)
        let account = try await store.defaultQueueAccount(tenantID: tenant.id, at: Date())
        return .init(root: root, store: store, tenant: tenant, app: app, defaultAccount: account, extraAccount: account)
    }

    /// Three orders and one doomed message through the app's worker process: binding data, `$return`
    /// and list outputs, one message at a time, a retry after `visibilityTimeout`, then poison.
    func queueFunctionsRun(_ files: [String: String], runtime: String) async throws {
        let fixture = try await makeFixture(files, runtime: runtime)
        defer { try? FileManager.default.removeItem(at: fixture.root) }
        let account = fixture.defaultAccount
        try await base.withWorker(fixture) { _ in
            var sent: [QueueMessage] = []
            for number in 1...3 { sent.append(try await base.put(fixture, account, "orders", text: #"{"order": \#(number)}"#)) }
            let doomed = try await base.put(fixture, account, "doomed", text: "bad input")

            let seen = try await base.eventually("three reports on 'seen'") {
                let messages = try await base.peek(fixture, account, "seen")
                return messages.count == 3 ? messages : nil
            }
            var reports: [Int: JSONValue] = [:]
            for message in seen {
                let report = try JSONValue.parse(Data(base.decoded(message).utf8), file: "seen")
                reports[try #require(report["order"]?.intValue)] = report
            }
            let stamp = DateFormatter()
            stamp.locale = Locale(identifier: "en_US_POSIX")
            stamp.timeZone = TimeZone(identifier: "UTC")
            stamp.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
            for (number, message) in zip(1...3, sent) {
                let report = try #require(reports[number], "\(runtime): no report of order \(number): \(reports)")
                #expect(report["id"] == .string(message.id.uuidString.lowercased()), "\(runtime) \(report)")
                #expect(report["dequeueCount"]?.intValue == 1, "\(runtime) \(report)")
                let inserted = try #require(report["insertionTime"]?.stringValue)
                #expect(inserted.hasPrefix(stamp.string(from: message.insertedAt)), "\(runtime) \(inserted) \(message.insertedAt)")
                #expect(report["expirationTime"]?.stringValue?.hasPrefix("9999-12-31T23:59:59") == true, "\(runtime) \(report)")
                #expect(report["nextVisibleTime"]?.stringValue?.isEmpty == false, "\(runtime) \(report)")
                #expect(report["popReceipt"]?.stringValue?.isEmpty == false, "\(runtime) \(report)")
            }
            let copies = try await base.peek(fixture, account, "copies").map(base.decoded)
            #expect(copies.sorted() == (1...3).flatMap { ["copy 1 of \($0)", "copy 2 of \($0)"] }.sorted(), "\(runtime)")

            // batchSize 1 with newBatchThreshold 0: each order ran after the one before it ended.
            let orders = try await base.eventually("three succeeded Orders invocations") {
                let runs = try await fixture.store.invocations(appID: fixture.app.id, functionName: "Orders", limit: 10)
                return runs.filter({ $0.status == .succeeded }).count == 3 ? runs.sorted { $0.startedAt < $1.startedAt } : nil
            }
            for (earlier, later) in zip(orders, orders.dropFirst()) {
                let end = earlier.startedAt.addingTimeInterval((earlier.durationMilliseconds ?? 0) / 1000)
                #expect(later.startedAt.timeIntervalSince(end) > -0.005, "\(runtime): invocations overlap: \(orders)")
            }

            // Doomed fails twice, 1 s apart (visibilityTimeout), then its message is in doomed-poison.
            let poisoned = try await base.eventually("the poison message") {
                try await base.peek(fixture, account, "doomed-poison").first
            }
            #expect(poisoned.body == doomed.body)
            #expect(try await base.peek(fixture, account, "doomed").isEmpty)
            // The invocation log is written on its own; the second failure may follow the poison move.
            let failures = try await base.eventually("two finished Doomed invocations") {
                let runs = try await fixture.store.invocations(appID: fixture.app.id, functionName: "Doomed", limit: 10)
                return runs.filter({ $0.status != .running }).count >= 2 ? runs.sorted { $0.startedAt < $1.startedAt } : nil
            }
            #expect(failures.map(\.status) == [.failed, .failed], "\(runtime): maxDequeueCount is 2: \(failures)")
            #expect(failures.first?.logs.first?.contains("DequeueCount: 1") == true, "\(runtime) \(failures)")
            #expect(failures.last?.logs.first?.contains("DequeueCount: 2") == true, "\(runtime) \(failures)")
            let reasons = failures.map { ($0.logs + [$0.error ?? ""]).joined() }
            #expect(reasons.allSatisfy { $0.contains("cannot process bad input") }, "\(runtime) \(failures)")
            if failures.count == 2 {
                let firstEnd = failures[0].startedAt.addingTimeInterval((failures[0].durationMilliseconds ?? 0) / 1000)
                #expect(failures[1].startedAt.timeIntervalSince(firstEnd) >= 0.9, "\(runtime) \(failures)")
            }
        }
    }

    @Test(.timeLimit(.minutes(3)), .enabled(if: NodeWorkerScriptTests.node != nil, "Node.js is not installed"))
    func javaScriptQueueFunctionsRunWithBindingDataOutputsRetriesAndPoison() async throws {
        try await queueFunctionsRun(Self.node, runtime: "node")
    }

    @Test(.timeLimit(.minutes(3)))
    func pythonQueueFunctionsRunWithBindingDataOutputsRetriesAndPoison() async throws {
        try await queueFunctionsRun(Self.python, runtime: "python")
    }
}
