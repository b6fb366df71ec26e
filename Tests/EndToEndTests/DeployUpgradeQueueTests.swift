import Foundation
import HearthTestSupport
import NIOHTTP1
import Testing

/// A Functions v1 JavaScript app with an HTTP, a timer and a queue function, deployed with
/// `hearth app deploy --upgrade` to a real `hearth serve --queue-port`: all three run, and messages
/// put by Azure's official SDK (PyPI azure-storage-queue, `Tests/QueueSDK/v1_app_queues.py`) reach the
/// queue function, whose `$return` lands on the output queue, read back with the SDK.
///
/// Encoding, as on Azure: the queue trigger expects base64 (host.json `messageEncoding` defaults to
/// base64; v1's storage client base64-encoded messages). The SDK sends the text itself unless given
/// `TextBase64EncodePolicy`; such a message cannot be bound, fails each time it is taken and moves to
/// `v1-orders-poison` after `maxDequeueCount` (2 here, set in v1's top-level `queues` section).
@Suite(.serialized, .enabled(if: HostCapabilities.node, "node is not installed (/usr/bin/node or /usr/local/bin/node)"))
struct DeployUpgradeQueueTests {
    static let v1App: [String: String] = [
        "host.json": #"{"queues": {"maxPollingInterval": 200, "visibilityTimeout": "00:00:00", "maxDequeueCount": 2}}"#,
        "Hello/function.json": """
        {"disabled": false, "bindings": [
          {"authLevel": "anonymous", "type": "httpTrigger", "direction": "in", "name": "req"},
          {"type": "http", "direction": "out", "name": "res"}]}
        """,
        "Hello/index.js": """
        module.exports = function (context, req) {
            context.res = { body: 'Hello ' + (req.query.name || 'nobody') };
            context.done();
        };
        """,
        "Tick/function.json": """
        {"disabled": false, "bindings": [
          {"name": "myTimer", "type": "timerTrigger", "direction": "in", "schedule": "*/1 * * * * *"}]}
        """,
        "Tick/index.js": """
        module.exports = function (context, myTimer) {
            context.log('tick, past due: ' + myTimer.IsPastDue);
            context.done();
        };
        """,
        "Orders/function.json": """
        {"disabled": false, "bindings": [
          {"name": "order", "type": "queueTrigger", "direction": "in", "queueName": "v1-orders", "connection": "AzureWebJobsStorage"},
          {"name": "$return", "type": "queue", "direction": "out", "queueName": "v1-processed", "connection": "AzureWebJobsStorage"}]}
        """,
        "Orders/index.js": """
        module.exports = function (context, order) {
            context.log('order ' + order.order + ' dequeued ' + context.bindingData.dequeueCount + ' time(s)');
            context.done(null, { order: order.order, id: context.bindingData.id, dequeueCount: context.bindingData.dequeueCount });
        };
        """,
    ]

    @Test func aV1AppDeployedWithUpgradeRunsItsHTTPTimerAndQueueFunctions() async throws {
        let root = HearthServer.packageRoot
        let venv = try ProgramRun.run(URL(fileURLWithPath: "/bin/bash"), [root.appendingPathComponent("scripts/queue-sdk-venv.sh").path])
        try #require(venv.status == 0, "scripts/queue-sdk-venv.sh failed: \(venv.output)")

        let work = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-v1-queues-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        for (path, text) in Self.v1App {
            let url = work.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let queuePort = HearthServer.freePort()
        let server = try await HearthServer(extraArguments: ["--queue-port", "\(queuePort)"])
        defer { server.stop() }
        try await server.createApp("legacyq")
        let environment: [String: String?] = ["HEARTH_SERVER": server.managementURL, "HEARTH_TOKEN": server.token]
        let (status, output) = try HearthCLI.run(["app", "deploy", "legacyq", work.path, "--upgrade"], environment: environment)
        try #require(status == 0, "\(output)")

        // HTTP.
        let answered = try await server.eventually(timeout: .seconds(30)) {
            try await server.call("legacyq", "/api/Hello?name=v1").text == "Hello v1"
        }
        #expect(answered, "\(server.log)")

        // Timer: every second; the upgrade turned myTimer.IsPastDue into isPastDue, which the v4 model has.
        let ticked = try await server.eventually(timeout: .seconds(30)) {
            try await server.invocations("legacyq", function: "Tick").contains {
                $0["status"] as? String == "succeeded" && ($0["logs"] as? [String])?.contains("tick, past due: false") == true
            }
        }
        let ticks = try await server.invocations("legacyq", function: "Tick").prefix(3)
        #expect(ticked, "\(ticks)\n\(server.log)")

        // Queue: messages from the SDK, the output read back with the SDK.
        let account = try await server.api(.GET, "/api/apps/legacyq/queue-account").json()
        let name = try #require(account["name"] as? String, "\(account)")
        let key = try #require(account["primaryKey"] as? String, "\(account)")
        let connection =
            "DefaultEndpointsProtocol=http;AccountName=\(name);AccountKey=\(key);QueueEndpoint=http://127.0.0.1:\(queuePort)/\(name);"
        let run = try ProgramRun.run(
            root.appendingPathComponent(".build/queue-sdk-venv/bin/python"),
            [root.appendingPathComponent("Tests/QueueSDK/v1_app_queues.py").path],
            environment: ["HEARTH_QUEUE_CONNECTION_STRING": connection, "HEARTH_QUEUE_WAIT_SECONDS": "60"]
        )
        let ran = try await server.invocations("legacyq", function: "Orders")
        try #require(run.status == 0, "\(run.output)\ninvocations: \(ran)\nserver log:\n\(server.log)")
        let seen = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any], "\(run.output)")
        let sent = try #require(seen["sent"] as? [String: String], "\(run.output)")
        let processed = try #require(seen["processed"] as? [String], "\(run.output)")
        #expect(processed.count == 1, "\(processed)")
        let result = try #require(
            try JSONSerialization.jsonObject(with: Data((processed.first ?? "").utf8)) as? [String: Any],
            "\(processed)"
        )
        #expect(result["order"] as? Int == 7)
        #expect(result["id"] as? String == sent["base64"])
        #expect(result["dequeueCount"] as? Int == 1)
        // The text the SDK sent without an encoding policy is in the poison queue as it was sent.
        #expect(seen["poison"] as? [String] == ["plain text, as the SDK sends it"], "\(run.output)")

        // Both messages' invocations are recorded: one success, and two failures of the plain text.
        _ = try await server.eventually(timeout: .seconds(10)) {
            try await server.invocations("legacyq", function: "Orders").filter { $0["status"] as? String != "running" }.count >= 3
        }
        let orders = try await server.invocations("legacyq", function: "Orders")
        let succeeded = orders.filter { $0["status"] as? String == "succeeded" }
        #expect(succeeded.count == 1, "\(orders)")
        #expect((succeeded.first?["logs"] as? [String])?.contains("order 7 dequeued 1 time(s)") == true, "\(orders)")
        let failed = orders.filter { $0["status"] as? String == "failed" }
        #expect(failed.count == 2, "maxDequeueCount is 2: \(orders)")
        #expect(failed.allSatisfy { "\($0)".contains("base64") }, "\(failed)")
    }
}
