import Foundation
import NIOHTTP1
import Testing

/// The path form `/_app/{app}/…` is decided by the path: no custom host name captures it, and no
/// app's host serves another app's path form.
@Suite(.serialized) struct PathFormTests {
    @Test func aCustomHostNameCannotCapturePathFormRequests() async throws {
        let server = try await HearthServer()
        defer { server.stop() }
        try await server.createApp("victim")
        try await server.createApp("grabber")
        #expect(try await server.api(.POST, "/api/tenants/e2e/domains", json: ["domain": "grabber.example.test"]).status == 201)
        for name in ["127.0.0.1", "127.1", "[::1]", "localhost.", "victim.localhost", "other.example.test"] {
            let refused = try await server.api(.PUT, "/api/apps/grabber/hostnames", json: ["hostNames": [name]])
            #expect(refused.status == 400, "\(name): \(refused.status) \(refused.text)")
        }
        #expect(try await server.api(.PUT, "/api/apps/grabber/hostnames", json: ["hostNames": ["grabber.example.test"]]).status == 200)
        #expect(try await server.deploy("victim", zip: AppZip.zip(AppZip.files(ofFixture: "hello-python"))).status == 201)
        #expect(try await server.deploy("grabber", zip: AppZip.zip(AppZip.files(ofFixture: "sandbox-probe"))).status == 201)
        #expect(try await server.eventually { try await server.call("victim", "/api/items/7").status == 201 })
        #expect(try await server.eventually { try await server.call("grabber", "/api/Hello").status == 200 })

        // Any host that is no app's: the path decides (the Echo function answers 201 with the URL it saw).
        for host in ["127.0.0.1", "functions.example.test", "unknown.localhost"] {
            let reply = try await server.request(.GET, server.workerURL + "/_app/victim/api/items/7", headers: [("Host", host)])
            #expect(reply.status == 201, "\(host): \(reply.status) \(reply.text)")
            #expect((try? reply.json()["url"] as? String)?.hasSuffix("/_app/victim/api/items/7") == true, "\(reply.text)")
        }
        // The grabber's own name with the victim's path form: neither the grabber nor the victim's
        // code under the grabber's origin.
        let captured = try await server.request(.GET, server.workerURL + "/_app/victim/api/items/7", headers: [("Host", "grabber.example.test")])
        #expect(captured.status == 404, "\(captured.status) \(captured.text)")
        let crossOrigin = try await server.request(.GET, server.workerURL + "/_app/grabber/api/Hello", headers: [("Host", "victim.localhost")])
        #expect(crossOrigin.status == 404, "\(crossOrigin.status) \(crossOrigin.text)")
        // An app's own path form on its own host, and its names, still serve.
        #expect(
            try await server.request(.GET, server.workerURL + "/_app/grabber/api/Hello", headers: [("Host", "grabber.example.test")]).status == 200
        )
        #expect(try await server.request(.GET, server.workerURL + "/api/Hello", headers: [("Host", "grabber.example.test")]).status == 200)
    }
}
