import Foundation
import HearthCore
import HearthRuntimes
import HearthStore
import Logging
import NIOCore
import Testing

@testable import HearthWorker

/// The official Python worker (azure-functions-worker 1.1.9) runs queue-triggered functions and
/// functions with queue outputs through ``RpcWorkerHost``: `func.QueueMessage` carries the binding
/// data, and what the functions write to their queue outputs comes back as ``FunctionOutputs``.
/// Needs the worker's environment: `HEARTH_TEST_PYTHON_RUNTIME`, else `.build/python-runtime`
/// (`scripts/test.sh` installs it); the suite fails, not skips, when it is missing.
@Suite(.serialized) struct PythonQueueBindingTests {
    static let runtime = PythonRuntime(
        directory: URL(
            fileURLWithPath: ProcessInfo.processInfo.environment["HEARTH_TEST_PYTHON_RUNTIME"]
                ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent(".build/python-runtime").path
        )
    )

    /// A queue function reporting what it saw to its `$return` queue and writing two messages to
    /// a list output; a binary one echoing its bytes reversed; an HTTP function with a queue output.
    static let files: [String: String] = [
        "Orders/function.json": """
        {"scriptFile": "__init__.py", "bindings": [
          {"name": "msg", "type": "queueTrigger", "direction": "in", "queueName": "orders"},
          {"name": "copies", "type": "queue", "direction": "out", "queueName": "copies"},
          {"name": "$return", "type": "queue", "direction": "out", "queueName": "seen"}]}
        """,
        "Orders/__init__.py": """
        import json
        import logging
        import typing
        import azure.functions as func

        def main(msg: func.QueueMessage, copies: func.Out[typing.List[str]]) -> str:
            logging.info('order %s dequeued %d times', msg.get_json()['order'], msg.dequeue_count)
            copies.set(['first copy', 'second copy'])
            return json.dumps({
                'id': msg.id,
                'body': msg.get_body().decode(),
                'order': msg.get_json()['order'],
                'dequeue_count': msg.dequeue_count,
                'insertion_time': msg.insertion_time.isoformat(),
                'expiration_time': msg.expiration_time.isoformat(),
                'time_next_visible': msg.time_next_visible.isoformat(),
                'pop_receipt': msg.pop_receipt,
            })
        """,
        "Bytes/function.json": """
        {"scriptFile": "__init__.py", "bindings": [
          {"name": "msg", "type": "QueueTrigger", "direction": "in", "queueName": "bytes", "dataType": "binary"},
          {"name": "$return", "type": "Queue", "direction": "out", "queueName": "reversed"}]}
        """,
        "Bytes/__init__.py": """
        import azure.functions as func

        def main(msg: func.QueueMessage) -> bytes:
            return bytes(reversed(msg.get_body()))
        """,
        "Submit/function.json": """
        {"scriptFile": "__init__.py", "bindings": [
          {"name": "req", "type": "httpTrigger", "direction": "in", "authLevel": "anonymous"},
          {"name": "$return", "type": "http", "direction": "out"},
          {"name": "msg", "type": "queue", "direction": "out", "queueName": "submitted"}]}
        """,
        "Submit/__init__.py": """
        import azure.functions as func

        def main(req: func.HttpRequest, msg: func.Out[str]) -> func.HttpResponse:
            msg.set('submitted: ' + req.get_body().decode())
            return func.HttpResponse('queued', status_code=202)
        """,
    ]

    static let orders = FunctionDefinition(
        name: "Orders",
        bindings: [
            BindingDefinition(name: "msg", type: "queueTrigger", direction: .in),
            BindingDefinition(name: "copies", type: "queue", direction: .out),
            BindingDefinition(name: "$return", type: "queue", direction: .out),
        ],
        trigger: .queue(QueueTriggerDefinition(bindingName: "msg", queueName: "orders")),
        scriptFile: "__init__.py"
    )

    static let bytes = FunctionDefinition(
        name: "Bytes",
        bindings: [
            BindingDefinition(name: "msg", type: "QueueTrigger", direction: .in, dataType: "binary"),
            BindingDefinition(name: "$return", type: "Queue", direction: .out),
        ],
        trigger: .queue(QueueTriggerDefinition(bindingName: "msg", queueName: "bytes")),
        scriptFile: "__init__.py"
    )

    /// Runs `body` with a host for the app above whose worker connects to a fresh FunctionRpc server.
    func withHost(_ body: (RpcWorkerHost) async throws -> Void) async throws {
        if let problem = Self.runtime.problem {
            throw WorkerError(.launchFailed, "\(problem) (set HEARTH_TEST_PYTHON_RUNTIME, or run scripts/test.sh)")
        }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-pyqueue-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let app = root.appendingPathComponent("app")
        try QueueFixtures.write(Self.files, to: app)
        let cipher = try SecretCipher(keyBytes: Data(repeating: 1, count: 32))
        let store = try SQLiteStore(path: root.appendingPathComponent("hearth.sqlite").path, cipher: cipher)
        let logger = Logger(label: "test")
        let server = FunctionRpcServer(maxMessageBytes: 1 << 24, logger: logger)
        let serving = Task { try await server.run() }
        let host = RpcWorkerHost(
            appName: "pyqueue",
            appID: UUID(),
            appRoot: app,
            functions: [Self.orders, Self.bytes, QueueFixtures.submit],
            settings: ["FUNCTIONS_WORKER_RUNTIME": "python"],
            runtime: Self.runtime,
            server: server,
            pool: nil,
            launcher: DirectProcessLauncher(),
            store: store,
            workerConfiguration: WorkerConfiguration(dataDirectory: root.appendingPathComponent("worker")),
            logger: logger
        )
        do {
            try await body(host)
        } catch {
            await host.stop()
            server.shutdown()
            _ = await serving.result
            throw error
        }
        await host.stop()
        server.shutdown()
        _ = await serving.result
    }

    @Test(.timeLimit(.minutes(2)))
    func queueMessagesHttpCallsAndTheirQueueOutputs() async throws {
        try await withHost { host in
            // The trigger's binding data as func.QueueMessage shows it, and both outputs.
            let order = QueueFixtures.call(Self.orders, content: Data(#"{"order": 7}"#.utf8))
            let (outputs, logs) = try await host.invokeQueue(order, timeout: .seconds(60))
            #expect(logs.contains("order 7 dequeued 2 times"), "\(logs)")
            let messages = outputs.queueMessages
            #expect(messages.map(\.bindingName) == ["copies", "copies", "$return"])
            #expect(messages.prefix(2).map { String(decoding: $0.content, as: UTF8.self) } == ["first copy", "second copy"])
            let seen = try JSONValue.parse(try #require(messages.last).content, file: "$return")
            #expect(seen["id"] == .string("6f4d3c2b-1a09-4f8e-9d7c-6b5a49382716"))
            #expect(seen["body"] == .string(#"{"order": 7}"#))
            #expect(seen["order"] == .number("7"))
            #expect(seen["dequeue_count"] == .number("2"))
            #expect(seen["insertion_time"] == .string("2024-12-06T07:33:08+00:00"))
            #expect(seen["expiration_time"] == .string("9999-12-31T23:59:59+00:00"))
            #expect(seen["time_next_visible"] == .string("2024-12-06T07:33:38+00:00"))
            #expect(seen["pop_receipt"] == .string("receipt-of-the-lease"))

            // dataType binary: bytes in, bytes returned (function.json types in any case).
            let bytes = QueueFixtures.call(Self.bytes, content: Data([0, 1, 0xFE, 0xFF]))
            let reversed = try await host.invokeQueue(bytes, timeout: .seconds(60)).outputs.queueMessages
            #expect(reversed == [FunctionOutputs.QueueMessageOutput(bindingName: "$return", content: Data([0xFF, 0xFE, 1, 0]))])

            // An HTTP function: its $return is the response, its queue output the message.
            guard case .http(let trigger) = QueueFixtures.submit.trigger else { return }
            let request = CustomHandlerPayload.Request(
                url: "http://pyqueue.localhost/api/submit",
                method: "POST",
                query: [],
                headers: [("Content-Type", "text/plain")],
                body: ByteBuffer(string: "form 12")
            )
            let call = HTTPInvocation(
                function: QueueFixtures.submit,
                trigger: trigger,
                request: request,
                parameters: [:],
                forwardTarget: "/api/submit",
                invocationID: UUID()
            )
            let (response, httpOutputs, _) = try await host.invokeHTTP(call, timeout: .seconds(60))
            #expect(response.status == 202)
            #expect(String(buffer: response.body) == "queued")
            let submitted = FunctionOutputs.QueueMessageOutput(bindingName: "msg", content: Data("submitted: form 12".utf8))
            #expect(httpOutputs.queueMessages == [submitted])
        }
    }
}
