import Foundation
import HearthTestSupport
import Testing

/// The README's nginx configuration, as written there, terminating TLS in front of a plain-HTTP
/// function host that trusts it (`--trusted-proxy`).
@Suite(
    .serialized,
    .enabled(
        if: HostCapabilities.nginxInstalled && TestCertificates.available && Curl.available,
        "nginx, openssl or curl is not installed (scripts/prerequisites.sh installs them)"
    )
)
struct ProxyTests {
    /// The ```nginx block of README.md.
    static func readmeConfiguration() throws -> String {
        let readme = try String(contentsOf: HearthServer.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        guard let start = readme.range(of: "```nginx\n"), let end = readme.range(of: "```", range: start.upperBound..<readme.endIndex) else {
            throw TestFailure("README.md has no ```nginx block")
        }
        return String(readme[start.upperBound..<end.lowerBound])
    }

    /// Runs nginx in the foreground with the README's server block, pointed at this test's files.
    func startNginx(directory: String, port: Int, workerPort: Int, certificates: TestCertificates) throws -> Process {
        var server = try Self.readmeConfiguration()
        for (from, to) in [
            ("listen 443 ssl;", "listen 127.0.0.1:\(port) ssl;"), ("/etc/ssl/hearth/fullchain.pem", certificates.certificate),
            ("/etc/ssl/hearth/privkey.pem", certificates.key), ("127.0.0.1:7071", "127.0.0.1:\(workerPort)"),
        ] {
            guard server.contains(from) else { throw TestFailure("the README's nginx block no longer has '\(from)'") }
            server = server.replacingOccurrences(of: from, with: to)
        }
        let temporary = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map { "\($0)_temp_path \(directory)/\($0);" }.joined(separator: "\n")
        let configuration = """
            daemon off;
            master_process off;
            pid \(directory)/nginx.pid;
            error_log \(directory)/error.log;
            events { worker_connections 64; }
            http {
            access_log off;
            \(temporary)
            \(server)
            }
            """
        try configuration.write(toFile: "\(directory)/nginx.conf", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: HostCapabilities.nginx)
        process.arguments = ["-p", directory, "-c", "\(directory)/nginx.conf", "-e", "\(directory)/error.log"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func theREADMEConfigurationServesFunctionsOverHTTPSWithTheForwardedScheme() async throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let server = try await HearthServer(extraArguments: ["--trusted-proxy", "127.0.0.1", "--base-domain", "fn.localhost"])
        defer { server.stop() }
        let port = HearthServer.freePort()
        let proxy = try startNginx(directory: certificates.directory.path, port: port, workerPort: server.workerPort, certificates: certificates)
        // SIGKILL, not SIGTERM: Foundation's Process starts nginx with this test process's blocked
        // signals, SIGTERM among them, and nginx without a master process never unblocks them (a
        // terminated nginx stayed running after every test run).
        defer {
            kill(proxy.processIdentifier, SIGKILL)
            proxy.waitUntilExit()
        }
        let base = "https://127.0.0.1:\(port)"
        var health = try Curl.run(["\(base)/_hearth/health"], ca: certificates.caCertificate)
        for _ in 0..<40 where health.status != 200 && proxy.isRunning {
            try await Task.sleep(for: .milliseconds(100))
            health = try Curl.run(["\(base)/_hearth/health"], ca: certificates.caCertificate)
        }
        let errors = (try? String(contentsOfFile: certificates.path("error.log"), encoding: .utf8)) ?? ""
        #expect(health.status == 200, "nginx: \(errors) curl: \(health.output)")

        try await server.createApp("prox", settings: ["FUNCTIONS_WORKER_RUNTIME": "custom"])
        #expect(try await server.deploy("prox", zip: AppZip.zip(AppZip.files(ofFixture: "hello-python"))).status == 201)
        #expect(try await server.eventually { try await server.call("prox", "/api/hello/x").status == 200 })

        // By path and by host name through the proxy; the app sees the caller's https URL.
        let echo = try Curl.run(["\(base)/_app/prox/api/items/7?q=1"], ca: certificates.caCertificate)
        #expect(echo.status == 201, "\(echo.output)")
        let url = try #require(try JSONSerialization.jsonObject(with: Data(echo.body.utf8)) as? [String: Any])["url"] as? String
        #expect(url == "https://127.0.0.1:\(port)/api/items/7?q=1" || url == "\(base)/_app/prox/api/items/7?q=1", "\(url ?? "nil")")
        #expect(url?.hasPrefix("https://") == true)
        let named = try Curl.run(["https://prox.fn.localhost:\(port)/api/hello/Zoe"], ca: certificates.caCertificate)
        #expect(named.body == "Hello, Zoe!", "\(named.output)")
    }
}
