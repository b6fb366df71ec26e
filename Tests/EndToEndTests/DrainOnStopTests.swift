import Foundation
import NIOHTTP1
import Testing

/// SIGTERM to `hearth worker` drains it: it marks itself draining in the store, finishes the call
/// in flight (the caller gets its 200), and exits 0. The call is held by a gate file the test
/// opens, so nothing depends on timing.
@Suite(.serialized) struct DrainOnStopTests {
    typealias Role = SplitRolesTests.Role

    /// A custom handler: `Ping` answers at once; `Slow` writes `started` in `gate` and answers
    /// only once the test creates `release` there.
    static func handler(gate: String) -> String {
        """
        import json, os, time
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        GATE = \(String(reflecting: gate))

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args):
                pass
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                text = "pong"
                if self.path.strip("/") == "Slow":
                    open(os.path.join(GATE, "started"), "w").close()
                    deadline = time.time() + 120
                    while not os.path.exists(os.path.join(GATE, "release")) and time.time() < deadline:
                        time.sleep(0.02)
                    text = "finished"
                res = {"statusCode": 200, "body": text, "headers": {"Content-Type": "text/plain"}}
                body = json.dumps({"Outputs": {"res": res}, "Logs": [], "ReturnValue": None}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        ThreadingHTTPServer(("127.0.0.1", int(os.environ["FUNCTIONS_CUSTOMHANDLER_PORT"])), Handler).serve_forever()
        """
    }

    static func app(gate: String) throws -> Data {
        let http = #"""
            {"bindings": [{"type": "httpTrigger", "direction": "in", "name": "req", "authLevel": "anonymous"},
                          {"type": "http", "direction": "out", "name": "res"}]}
            """#
        return try AppZip.zip([
            "host.json": AppZip.json(
                #"{"version": "2.0", "customHandler": {"description": {"defaultExecutablePath": "python3", "arguments": ["handler.py"]}}}"#
            ),
            "handler.py": Data(handler(gate: gate).utf8),
            "Ping/function.json": AppZip.json(http),
            "Slow/function.json": AppZip.json(http),
        ])
    }

    static func send(_ method: HTTPMethod, _ url: String, token: String? = nil, json: String? = nil, zip: Data? = nil) async throws -> (Int, String) {
        try await SplitRolesTests().send(method, url, token: token, json: json, zip: zip)
    }

    /// Waits (at most 30 s) until `done` holds.
    static func eventually(_ what: String, _ done: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while try await !done() {
            guard ContinuousClock.now < deadline else { throw TestFailure("never happened: \(what)") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func sigtermDrainsTheWorkerFinishesTheCallInFlightAndExitsZero() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-drain-\(UUID().uuidString)")
        let gate = root.appendingPathComponent("gate")
        try FileManager.default.createDirectory(at: gate, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let managementPort = HearthServer.freePort()
        var workerPort = HearthServer.freePort()
        while workerPort == managementPort { workerPort = HearthServer.freePort() }
        let common = [
            "--data-dir", root.appendingPathComponent("data").path, "--management-port", "\(managementPort)", "--http-port", "\(workerPort)",
            "--log-level", "notice", "--no-isolation",
        ]
        let management = try Role(["management"] + common)
        defer { management.stop() }
        try await management.waitFor("Management API on")
        let token = try #require(management.output.text.firstMatch(of: #/hth_[A-Za-z0-9_-]+/#).map { String($0.0) })
        let worker = try Role(["worker", "--name", "stopper", "--drain-timeout", "5"] + common)
        defer { worker.stop() }
        try await worker.waitFor("Function host listening")

        let api = "http://127.0.0.1:\(managementPort)/api"
        #expect(try await Self.send(.POST, api + "/tenants", token: token, json: #"{"name":"drain"}"#).0 == 201)
        #expect(try await Self.send(.POST, api + "/apps", token: token, json: #"{"name":"held","tenant":"drain"}"#).0 == 201)
        #expect(try await Self.send(.POST, api + "/apps/held/deployments", token: token, zip: try Self.app(gate: gate.path)).0 == 201)
        let front = "http://127.0.0.1:\(workerPort)"
        try await Self.eventually("the app answers") { (try? await Self.send(.GET, front + "/_app/held/api/Ping"))?.0 == 200 }

        async let slow = Self.send(.GET, front + "/_app/held/api/Slow")
        try await Self.eventually("the slow call started") { FileManager.default.fileExists(atPath: gate.appendingPathComponent("started").path) }
        kill(worker.process.processIdentifier, SIGTERM)

        // The stop marked the worker draining in the store; the call still holds the process.
        try await Self.eventually("the worker is listed draining") {
            let (status, body) = try await Self.send(.GET, api + "/workers", token: token)
            return status == 200 && body.contains(#""name":"stopper""#) && body.contains(#""state":"draining""#)
        }
        #expect(worker.process.isRunning, "\(worker.output.text)")

        FileManager.default.createFile(atPath: gate.appendingPathComponent("release").path, contents: nil)
        let (status, body) = try await slow
        #expect(status == 200 && body == "finished", "\(status) \(body) — worker said: \(worker.output.text)")
        try await Self.eventually("the worker exits") { !worker.process.isRunning }
        #expect(worker.process.terminationReason == .exit && worker.process.terminationStatus == 0, "\(worker.output.text)")
        #expect(worker.output.text.contains("drain complete"), "\(worker.output.text)")
    }
}
