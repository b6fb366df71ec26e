import Foundation
import HearthCore
import HearthStore
import Logging
import NIOCore
import Testing

@testable import HearthWorker

/// Hearth's Node worker runs queue-triggered functions of the classic model: the custom-handler
/// payload of a queue message (`Data` with the message text, `Metadata` with the binding data) sent
/// to the real script through ``CustomHandlerHost``, and its `{"Outputs", "Logs", "ReturnValue"}` reply.
@Suite(.serialized, .enabled(if: NodeWorkerScriptTests.node != nil, "Node.js is not installed"))
struct NodeQueueBindingTests {
    static let files: [String: String] = [
        "Orders/function.json": """
        {"bindings": [
          {"name": "msg", "type": "queueTrigger", "direction": "in", "queueName": "orders"},
          {"name": "copies", "type": "queue", "direction": "out", "queueName": "copies"},
          {"name": "$return", "type": "queue", "direction": "out", "queueName": "seen"}]}
        """,
        "Orders/index.js": """
        module.exports = async function (context, order) {
          context.log(`order ${order.order} dequeued ${context.bindingData.dequeueCount} times`);
          context.bindings.copies = ['first copy', { copy: 2 }];
          return { order, same: context.bindings.msg === order, bindingData: context.bindingData };
        };
        """,
        "Plain/function.json": """
        {"bindings": [
          {"name": "text", "type": "queueTrigger", "direction": "in", "queueName": "plain"},
          {"name": "out", "type": "queue", "direction": "out", "queueName": "upper"}]}
        """,
        "Plain/index.js": """
        module.exports = function (context, text) {
          context.done(null, { out: `${typeof text}:${text.toUpperCase()}:${context.bindingData.queueTrigger}` });
        };
        """,
        "Binary/function.json": """
        {"bindings": [
          {"name": "blob", "type": "queueTrigger", "direction": "in", "queueName": "bytes", "dataType": "binary"},
          {"name": "out", "type": "queue", "direction": "out", "queueName": "hex"}]}
        """,
        "Binary/index.js": """
        module.exports = async function (context, blob) {
          context.bindings.out = [`${Buffer.isBuffer(blob)}:${blob.toString('hex')}`, Buffer.from([1, 2])];
        };
        """,
    ]

    /// The payload Hearth sends for one message of `function`, whose text is `text`.
    static func payload(_ function: String, binding: String, text: String) -> JSONValue {
        .object([
            ("Data", .object([(binding, .string(text))])),
            (
                "Metadata",
                .object([
                    ("DequeueCount", .number("2")),
                    ("ExpirationTime", .string("9999-12-31T23:59:59+00:00")),
                    ("Id", .string("6f4d3c2b-1a09-4f8e-9d7c-6b5a49382716")),
                    ("InsertionTime", .string("2024-12-06T07:33:08+00:00")),
                    ("NextVisibleTime", .string("2024-12-06T07:33:38+00:00")),
                    ("PopReceipt", .string("receipt-of-the-lease")),
                    ("QueueTrigger", .string(text)),
                    (
                        "sys",
                        .object([
                            ("MethodName", .string(function)), ("UtcNow", .string("2024-12-06T07:33:08Z")),
                            ("RandGuid", .string("0b9a1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d")),
                        ])
                    ),
                ])
            ),
        ])
    }

    /// Runs `body` with Hearth's Node worker serving an app of `files` (default: the queue functions above).
    func withHost(files: [String: String] = Self.files, _ body: (CustomHandlerHost, CustomHandlerHost.Endpoint) async throws -> Void) async throws {
        let node = try #require(NodeWorkerScriptTests.node)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-nodequeue-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let app = root.appendingPathComponent("app")
        try QueueFixtures.write(files, to: app)
        let configuration = WorkerConfiguration(dataDirectory: root.appendingPathComponent("worker"))
        let (handler, mounts) = try NodeWorkerScript.install(dataDirectory: configuration.dataDirectory, node: node.path)
        let cipher = try SecretCipher(keyBytes: Data(repeating: 1, count: 32))
        let store = try SQLiteStore(path: root.appendingPathComponent("hearth.sqlite").path, cipher: cipher)
        let host = CustomHandlerHost(
            appName: "nodequeue",
            appID: UUID(),
            appRoot: app,
            configuration: handler,
            settings: ["FUNCTIONS_WORKER_RUNTIME": "node"],
            mounts: mounts,
            launcher: DirectProcessLauncher(),
            store: store,
            workerConfiguration: configuration,
            logger: Logger(label: "test")
        )
        do {
            try await body(host, try await host.endpoint())
        } catch {
            await host.stop()
            throw error
        }
        await host.stop()
    }

    func send(
        _ host: CustomHandlerHost,
        _ endpoint: CustomHandlerHost.Endpoint,
        _ function: String,
        _ payload: JSONValue
    ) async throws -> JSONValue {
        try await host.exchange(
            function: function,
            payload: payload,
            invocationID: UUID(),
            endpoint: endpoint,
            deadline: .now() + .seconds(30),
            loop: CustomHandlerHost.currentLoop
        ).get()
    }

    @Test(.timeLimit(.minutes(1)))
    func queueMessagesReachTheFunctionWithTheirBindingDataAndItsOutputsComeBack() async throws {
        try await withHost { host, endpoint in
            // A JSON message: parsed, with the binding data camelCased and typed as the v3 worker gives it.
            let reply = try await send(host, endpoint, "Orders", Self.payload("Orders", binding: "msg", text: #"{"order":7,"Line":"x"}"#))
            #expect(reply["Logs"] == .array([.string("order 7 dequeued 2 times")]))
            let returned = try #require(reply["ReturnValue"])
            #expect(returned["order"] == .object([("order", .number("7")), ("Line", .string("x"))]))
            #expect(returned["same"] == .bool(true))
            let data = try #require(returned["bindingData"])
            #expect(data["id"] == .string("6f4d3c2b-1a09-4f8e-9d7c-6b5a49382716"))
            #expect(data["dequeueCount"] == .number("2"))
            #expect(data["insertionTime"] == .string("2024-12-06T07:33:08+00:00"))
            #expect(data["expirationTime"] == .string("9999-12-31T23:59:59+00:00"))
            #expect(data["nextVisibleTime"] == .string("2024-12-06T07:33:38+00:00"))
            #expect(data["popReceipt"] == .string("receipt-of-the-lease"))
            // The v3 worker parses the message in the binding data too, and camelCases its keys.
            #expect(data["queueTrigger"] == .object([("order", .number("7")), ("line", .string("x"))]))
            #expect(data["sys"]?["methodName"] == .string("Orders"))
            #expect(data["invocationId"]?.stringValue?.isEmpty == false)
            let keys = data.objectValue?.map(\.key) ?? []
            #expect(!keys.contains { $0.first?.isUppercase == true }, "\(keys)")
            // An array output is several messages, as the function wrote them.
            #expect(reply["Outputs"]?["copies"] == .array([.string("first copy"), .object([("copy", .number("2"))])]))

            // A plain-text message stays a string; context.done's outputs.
            let plain = try await send(host, endpoint, "Plain", Self.payload("Plain", binding: "text", text: "hello"))
            #expect(plain["Outputs"]?["out"] == .string("string:HELLO:hello"))
            #expect(plain["ReturnValue"] == .null)

            // dataType binary: the base64 text arrives as a Buffer; bytes in an output array go back base64-encoded.
            let binary = try await send(host, endpoint, "Binary", Self.payload("Binary", binding: "blob", text: "AAH+/w=="))
            #expect(binary["Outputs"]?["out"] == .array([.string("true:0001feff"), .string("AQI=")]))
        }
    }
}
