import Foundation
import NIOHTTP1
import Testing

/// `hearth serve --no-isolation` runs apps without the sandbox, and says so loudly.
@Suite(.serialized) struct NoIsolationTests {
    @Test func appsRunButEveryStatusCarriesTheWarning() async throws {
        let server = try await HearthServer(extraArguments: ["--no-isolation"])
        defer { server.stop() }
        #expect(server.log.contains("WARNING: --no-isolation"))
        try await server.createApp("open")
        #expect(try await server.deploy("open", zip: AppZip.zip(AppZip.files(ofFixture: "hello-python"))).status == 201)
        #expect(try await server.eventually { try await server.call("open", "/api/hello/Ann").text == "Hello, Ann!" })
        let status = try await server.appStatus("open")
        #expect(status["state"] as? String == "running")
        #expect((status["reason"] as? String)?.contains("WARNING: not isolated") == true, "\(status)")
    }
}
