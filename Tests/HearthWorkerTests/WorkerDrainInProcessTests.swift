import Foundation
import HearthCore
import HearthStore
import Logging
import Testing

@testable import HearthWorker

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A worker with a real custom handler, drained through the store: while an app is still placed
/// on it, it serves as before; once it has none, `/_hearth/health` answers 503 and the app's
/// requests that still reach it are answered; ready again, health answers 200.
@Suite struct WorkerDrainInProcessTests {
    static let handler = """
        import json, os
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args):
                pass
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                res = {"statusCode": 200, "body": "pong", "headers": {"Content-Type": "text/plain"}}
                body = json.dumps({"Outputs": {"res": res}, "Logs": [], "ReturnValue": None}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        ThreadingHTTPServer(("127.0.0.1", int(os.environ["FUNCTIONS_CUSTOMHANDLER_PORT"])), Handler).serve_forever()
        """

    static func get(_ url: String) async throws -> (Int, String) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: url)!)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// Polls `check` until it returns a value, for at most 60 s.
    static func eventually<T>(_ what: String, _ check: () async throws -> T?) async throws -> T {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if let value = try await check() { return value }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw QueueBindingError("timed out waiting for \(what)")
    }

    @Test(.timeLimit(.minutes(3)))
    func aDrainedWorkerAnswersHealth503AndStillServesWhatReachesIt() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-drain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try SQLiteStore(
            path: root.appendingPathComponent("hearth.sqlite").path,
            cipher: SecretCipher(keyBytes: Data(repeating: 1, count: 32))
        )
        let folder = root.appendingPathComponent("app")
        let http = #"""
            {"bindings": [{"type": "httpTrigger", "direction": "in", "name": "req", "authLevel": "anonymous"},
                          {"type": "http", "direction": "out", "name": "res"}]}
            """#
        try QueueFixtures.write(
            [
                "host.json":
                    #"{"version": "2.0", "customHandler": {"description": {"defaultExecutablePath": "python3", "arguments": ["handler.py"]}}}"#,
                "handler.py": Self.handler,
                "Ping/function.json": http,
            ],
            to: folder
        )
        let tenant = Tenant(name: "t")
        let app = AppRecord(tenantID: tenant.id, name: "held")
        try await QueueFixtures.deploy(folder, as: app, of: tenant, settings: [], in: store)

        var configuration = WorkerConfiguration(dataDirectory: root.appendingPathComponent("worker"))
        configuration.port = 0
        configuration.pythonPoolSize = 0
        configuration.fleet.name = "w1"
        configuration.fleet.heartbeatInterval = .milliseconds(50)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let role = WorkerRole(store: store, configuration: configuration, logger: Logger(label: "drain-in-process")) { continuation.yield($0) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await role.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let front = "http://127.0.0.1:\(port)"
            #expect(try await Self.get(front + "/_app/held/api/Ping") == (200, "pong"))
            let worker = try await Self.eventually("w1 registers") { try await store.worker(named: "w1") }

            // Placed here and draining: serves; once the app is placed elsewhere (no placement
            // left here), health answers 503 while app requests are still answered.
            try await store.replacePlacements(appID: app.id, workerIDs: [worker.id], at: Date())
            #expect(try await store.setWorkerDraining(named: "w1", true))
            #expect(try await Self.get(front + "/_hearth/health").0 == 200)
            #expect(try await Self.get(front + "/_app/held/api/Ping") == (200, "pong"))
            try await store.replacePlacements(appID: app.id, workerIDs: [], at: Date())
            let drained = try await Self.eventually("health answers 503") {
                let reply = try await Self.get(front + "/_hearth/health")
                return reply.0 == 503 ? reply.1 : nil
            }
            #expect(drained.contains("drained"))
            #expect(try await Self.get(front + "/_app/held/api/Ping") == (200, "pong"))

            // Ready again: health answers 200.
            #expect(try await store.setWorkerDraining(named: "w1", false))
            _ = try await Self.eventually("health answers 200 again") {
                try await Self.get(front + "/_hearth/health").0 == 200 ? true : nil
            }
            #expect(try await Self.get(front + "/_app/held/api/Ping") == (200, "pong"))
            group.cancelAll()
        }
    }
}
