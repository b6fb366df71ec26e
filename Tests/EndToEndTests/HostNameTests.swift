import Foundation
import NIOHTTP1
import Testing

/// Custom host names route to their app; X-Forwarded-* headers count only from trusted proxies.
@Suite(.serialized) struct HostNameTests {
    /// The URL the function saw. With `forwardedHost`, the request comes as a proxy sends it: Host is the
    /// proxy's upstream name, the caller's host and scheme are in X-Forwarded-Host/Proto.
    func echoURL(_ server: HearthServer, host: String, forwardedHost: String? = nil) async throws -> String? {
        var headers = [("Host", host)]
        if let forwardedHost { headers += [("X-Forwarded-Host", forwardedHost), ("X-Forwarded-Proto", "https")] }
        let reply = try await server.request(.GET, server.workerURL + "/api/items/7", headers: headers)
        return try reply.json()["url"] as? String
    }

    @Test func customHostNamesAndTrustedProxies() async throws {
        let trusting = try await HearthServer(extraArguments: ["--trusted-proxy", "127.0.0.0/8"])
        defer { trusting.stop() }
        try await trusting.createApp("named")
        #expect(try await trusting.api(.POST, "/api/tenants/e2e/domains", json: ["domain": "example.test"]).status == 201)
        #expect(try await trusting.api(.PUT, "/api/apps/named/hostnames", json: ["hostNames": ["api.example.test"]]).status == 200)
        #expect(try await trusting.deploy("named", zip: AppZip.zip(AppZip.files(ofFixture: "hello-python"))).status == 201)
        #expect(try await trusting.eventually { try await echoURL(trusting, host: "api.example.test") != nil })
        #expect(try await echoURL(trusting, host: "api.example.test:80") == "http://api.example.test:80/api/items/7")
        #expect(try await echoURL(trusting, host: "backend:7071", forwardedHost: "api.example.test") == "https://api.example.test/api/items/7")

        let wary = try await HearthServer(extraArguments: ["--trusted-proxy", "10.0.0.0/8"])
        defer { wary.stop() }
        try await wary.createApp("named")
        #expect(try await wary.deploy("named", zip: AppZip.zip(AppZip.files(ofFixture: "hello-python"))).status == 201)
        #expect(try await wary.eventually { try await echoURL(wary, host: "named.localhost") != nil })
        // From an untrusted peer the forwarded headers are ignored: routing and the URL use Host.
        #expect(try await echoURL(wary, host: "named.localhost", forwardedHost: "evil.example.com") == "http://named.localhost/api/items/7")
        #expect(try await wary.request(.GET, wary.workerURL + "/api/items/7", headers: [("Host", "unknown.example.test")]).status == 404)
    }
}
