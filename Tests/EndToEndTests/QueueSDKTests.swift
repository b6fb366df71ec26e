import Foundation
import HearthTestSupport
import NIOHTTP1
import Testing

/// Azure's official queue client (PyPI azure-storage-queue, installed into `.build/queue-sdk-venv`
/// by `scripts/queue-sdk-venv.sh`, which this suite runs itself) against a real `hearth serve
/// --queue-port`, given the connection string of the app's tenant's queue account: create, list,
/// metadata, send, peek, receive, update, delete, clear, delete queue, and a wrong key refused with
/// nothing changed; the same with account and queue shared access signatures the SDK makes, and
/// tampered, expired and too narrow ones refused with nothing changed; an older service version,
/// base64 message encoding, and a request dated outside the 15-minute window (`Tests/QueueSDK/queue_sdk.py`).
@Suite(.serialized)
struct QueueSDKTests {
    @Test func theAzureSDKUsesHearthsQueuesUnchanged() async throws {
        let root = HearthServer.packageRoot
        let venv = try ProgramRun.run(URL(fileURLWithPath: "/bin/bash"), [root.appendingPathComponent("scripts/queue-sdk-venv.sh").path])
        try #require(venv.status == 0, "scripts/queue-sdk-venv.sh failed: \(venv.output)")

        let queuePort = HearthServer.freePort()
        let server = try await HearthServer(extraArguments: ["--queue-port", "\(queuePort)"])
        defer { server.stop() }
        #expect(server.log.contains("Queue endpoint on http://127.0.0.1:\(queuePort)/{account}"), "\(server.log)")
        try await server.createApp("shop")
        let account = try await server.api(.GET, "/api/apps/shop/queue-account").json()
        let name = try #require(account["name"] as? String, "\(account)")
        let key = try #require(account["primaryKey"] as? String, "\(account)")
        let wrongKey = Data(repeating: 9, count: 64).base64EncodedString()
        func connectionString(_ key: String) -> String {
            "DefaultEndpointsProtocol=http;AccountName=\(name);AccountKey=\(key);QueueEndpoint=http://127.0.0.1:\(queuePort)/\(name);"
        }

        let run = try ProgramRun.run(
            root.appendingPathComponent(".build/queue-sdk-venv/bin/python"),
            [root.appendingPathComponent("Tests/QueueSDK/queue_sdk.py").path],
            environment: [
                "HEARTH_QUEUE_CONNECTION_STRING": connectionString(key),
                "HEARTH_QUEUE_WRONG_CONNECTION_STRING": connectionString(wrongKey),
            ]
        )
        #expect(run.status == 0, "\(run.output)\nserver log:\n\(server.log)")
        #expect(run.output.contains("queue-sdk: all steps passed"), "\(run.output)")
        #expect(!server.log.contains(key), "the account key must not be logged")
    }
}
