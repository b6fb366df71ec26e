import Foundation
import NIOHTTP1
import Testing

/// Two `Host` headers and a NUL in the path are 400 on both ports, on both of the function host's
/// paths (fast and general: `Connection: close` takes the general one), with the same answer.
@Suite(.serialized) struct RequestHeadTests {
    static func request(_ target: String, hosts: [String], close: Bool, token: String? = nil) -> String {
        var text = "GET \(target) HTTP/1.1\r\n"
        for host in hosts { text += "Host: \(host)\r\n" }
        if let token { text += "Authorization: Bearer \(token)\r\n" }
        if close { text += "Connection: close\r\n" }
        return text + "\r\n"
    }

    @Test func bothPortsRefuseTwoHostsAndNUL() async throws {
        let server = try await HearthServer()
        defer { server.stop() }
        try await server.createApp("appa")
        #expect(try await server.deploy("appa", zip: AppZip.zip(AppZip.files(ofFixture: "hello-python"))).status == 201)
        #expect(try await server.eventually { try await server.call("appa", "/api/hello").status == 200 })  // warm: the fast path serves it

        // Function host: the first Host names the app, the second another one.
        var answers: [String] = []
        for close in [false, true] {
            let twoHosts = try RawHTTPConnection(port: server.workerPort)
            twoHosts.send(Self.request("/api/hello/x", hosts: ["appa.localhost", "other.localhost"], close: close))
            let hosts = try twoHosts.readResponse()
            #expect(hosts.status == 400, "close: \(close): \(hosts.status) \(hosts.body)")
            #expect(hosts.body.contains("2 Host headers; send exactly one"))
            let nul = try RawHTTPConnection(port: server.workerPort)
            nul.send(Self.request("/_app/appa/api/hello/a%00b", hosts: ["127.0.0.1"], close: close))
            let cut = try nul.readResponse()
            #expect(cut.status == 400, "close: \(close): \(cut.status) \(cut.body)")
            #expect(cut.body.contains("NUL character (%00)"))
            answers.append(hosts.body + cut.body)
        }
        #expect(answers[0] == answers[1], "the fast and the general path answer differently")

        // Management API: `appa%00x` is not `appa`.
        let port = Int(server.managementURL.split(separator: ":").last!)!
        let nul = try RawHTTPConnection(port: port)
        nul.send(Self.request("/api/apps/appa%00x", hosts: ["127.0.0.1"], close: false, token: server.token))
        let cut = try nul.readResponse()
        #expect(cut.status == 400, "\(cut.status) \(cut.body)")
        #expect(cut.body.contains("NUL character (%00)"))
        #expect(!cut.body.contains("appa\""))
        let twoHosts = try RawHTTPConnection(port: port)
        twoHosts.send(Self.request("/api/apps/appa", hosts: ["127.0.0.1", "appa.scm.localhost"], close: false, token: server.token))
        let hosts = try twoHosts.readResponse()
        #expect(hosts.status == 400, "\(hosts.status) \(hosts.body)")
        #expect(hosts.body.contains("2 Host headers; send exactly one"))
        // The same requests with one Host and no NUL are served.
        #expect(try await server.api(.GET, "/api/apps/appa").status == 200)
    }

    @Test func dataFilesAreOnlyForHearthsUser() async throws {
        let server = try await HearthServer()
        defer { server.stop() }
        try await server.createApp("private")
        #expect(try await server.deploy("private", zip: AppZip.zip(AppZip.files(ofFixture: "hello-python"))).status == 201)
        #expect(try await server.eventually { try await server.call("private", "/api/hello").status == 200 })
        func mode(_ url: URL) -> Int {
            ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.posixPermissions] as? NSNumber)?.intValue ?? -1
        }
        let data = server.dataDirectory
        #expect(mode(data) == 0o700)
        for name in ["hearth.sqlite", "hearth.sqlite-wal", "hearth.sqlite-shm"] {
            #expect(mode(data.appendingPathComponent(name)) == 0o600, "\(name): \(String(mode(data.appendingPathComponent(name)), radix: 8))")
        }
        let packages = data.appendingPathComponent("worker/packages")
        let unpacked = try #require(try FileManager.default.contentsOfDirectory(atPath: packages.path).first)
        #expect(mode(packages) == 0o700)
        #expect(mode(packages.appendingPathComponent(unpacked)) == 0o700)
        #expect(mode(packages.appendingPathComponent(unpacked).appendingPathComponent("host.json")) == 0o600)
        #expect(mode(packages.appendingPathComponent(unpacked).appendingPathComponent("Hello/function.json")) == 0o600)
    }
}
