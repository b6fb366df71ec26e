import Foundation
import NIOHTTP1
import Testing

/// A v1 app is refused with a pointer to `hearth upgrade`; after `hearth upgrade` it deploys and serves
/// (here a custom handler in forwarding mode, which also covers `enableForwardingHttpRequest`).
@Suite(.serialized) struct UpgradeThenDeployTests {
    /// A forwarding-mode handler: it sees the caller's request as sent, and answers it directly.
    static let forwardingHandler = """
        #!/usr/bin/env python3
        import os
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *a): pass
            def do_GET(self):
                body = f"forwarded {self.command} {self.path} x-test={self.headers.get('X-Test')}".encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("X-Handler", "raw")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
        ThreadingHTTPServer(("127.0.0.1", int(os.environ["FUNCTIONS_CUSTOMHANDLER_PORT"])), H).serve_forever()
        """

    func runHearth(_ arguments: [String], environment: [String: String] = [:]) throws -> (Int32, String) {
        try HearthCLI.run(arguments, environment: environment.mapValues { Optional($0) })
    }

    @Test func v1CustomHandlerAppUpgradesDeploysAndServes() async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-upgrade-e2e-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let v1 = work.appendingPathComponent("v1")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: AppZip.fixtures.appendingPathComponent("upgrade/custom-handler/input"), to: v1)
        try Data(Self.forwardingHandler.utf8).write(to: v1.appendingPathComponent("handler"))

        let server = try await HearthServer()
        defer { server.stop() }
        try await server.createApp("legacy")
        let refused = try await server.deploy("legacy", zip: AppZip.zip(AppZip.files(in: v1), executables: ["handler"]))
        #expect(refused.status == 422)
        #expect(refused.text.contains("hearth upgrade"))

        // The CLI says the same, and the exit status says it failed.
        let (deployStatus, deployOutput) = try runHearth(
            ["app", "deploy", "legacy", v1.path],
            environment: ["HEARTH_SERVER": server.managementURL, "HEARTH_TOKEN": server.token]
        )
        #expect(deployStatus != 0)
        #expect(deployOutput.contains("hearth upgrade"), "\(deployOutput)")

        let upgraded = work.appendingPathComponent("v4")
        let (status, output) = try runHearth(["upgrade", v1.path, "--out", upgraded.path, "--format", "json"])
        #expect(status == 0, "\(output)")
        let host = try String(contentsOf: upgraded.appendingPathComponent("host.json"), encoding: .utf8)
        #expect(host.contains("\"version\": \"2.0\""))

        let deployed = try await server.deploy("legacy", zip: AppZip.zip(AppZip.files(in: upgraded), executables: ["handler"]))
        #expect(deployed.status == 201, "\(deployed.text)")
        // v1 and v4 both default authLevel to "function".
        #expect(try await server.eventually { try await server.call("legacy", "/api/Hello").status == 401 })
        let keys = try await server.api(.GET, "/api/apps/legacy/admin/host/keys").json()
        let key = try #require((keys["keys"] as? [[String: Any]])?.first?["value"] as? String)
        let headers = [("X-Test", "t1"), ("x-functions-key", key)]
        let reply = try await server.call("legacy", "/api/Hello?x=1", headers: headers)
        #expect(reply.text == "forwarded GET /api/Hello?x=1 x-test=t1")
        #expect(reply.header("X-Handler") == "raw")
        // Re-running the upgrade on the upgraded app changes nothing.
        let (again, againOutput) = try runHearth(["upgrade", upgraded.path, "--dry-run", "--format", "json"])
        #expect(again == 0, "\(againOutput)")
    }
}
