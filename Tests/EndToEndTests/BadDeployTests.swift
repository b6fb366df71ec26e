import Foundation
import NIOHTTP1
import Testing

/// Every bad deployment gets a clear error, stores nothing, and leaves the previous deployment serving.
@Suite(.serialized) struct BadDeployTests {
    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var status: Int
        var mentions: [String]
        var zip: @Sendable ([String: Data]) throws -> Data
    }

    static let cases: [Case] = [
        Case(description: "malformed function.json", status: 422, mentions: ["Hello/function.json", "3:"]) { files in
            var f = files
            f["Hello/function.json"] = Data("{\n  \"bindings\": [\n    { \"type\": \"httpTrigger\" \n  ]\n}\n".utf8)
            return try AppZip.zip(f)
        },
        Case(description: "unknown trigger", status: 422, mentions: ["Hello/function.json", "fooTrigger"]) { files in
            var f = files
            f["Hello/function.json"] = Data(#"{"bindings":[{"type":"fooTrigger","direction":"in","name":"x"}]}"#.utf8)
            return try AppZip.zip(f)
        },
        Case(description: "bad cron", status: 422, mentions: ["Tick/function.json", "schedule"]) { files in
            var f = files
            f["Tick/function.json"] = Data(#"{"bindings":[{"type":"timerTrigger","direction":"in","name":"t","schedule":"0 * * *"}]}"#.utf8)
            return try AppZip.zip(f)
        },
        Case(description: "duplicate routes", status: 422, mentions: ["Hello2", "Hello"]) { files in
            var f = files
            f["Hello2/function.json"] = f["Hello/function.json"]
            return try AppZip.zip(f)
        },
        Case(description: "missing executable", status: 422, mentions: ["bin/handler"]) { files in
            var f = files
            f["host.json"] = Data(#"{"version":"2.0","customHandler":{"description":{"defaultExecutablePath":"bin/handler"}}}"#.utf8)
            return try AppZip.zip(f)
        },
        Case(description: "v1 app", status: 422, mentions: ["hearth upgrade"]) { files in
            var f = files
            f["host.json"] = Data(#"{"http":{"routePrefix":"api"}}"#.utf8)
            return try AppZip.zip(f)
        },
        Case(description: "zip slip", status: 400, mentions: ["../evil.sh"]) { files in
            try AppZip.zip(entries: files.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } + [("../evil.sh", Data("rm -rf /".utf8))])
        },
        Case(description: "absolute path", status: 400, mentions: ["/etc/cron.d/evil"]) { files in
            try AppZip.zip(entries: files.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } + [("/etc/cron.d/evil", Data("x".utf8))])
        },
        Case(description: "not a zip", status: 400, mentions: ["zip"]) { _ in Data("hello, this is not a zip".utf8) },
        Case(description: "oversize upload", status: 413, mentions: ["1048576"]) { _ in
            Data((0..<(2 << 20)).map { _ in UInt8.random(in: 0...255) })
        },
    ]

    @Test(arguments: cases)
    func rejectedWithoutStateChange(_ bad: Case) async throws {
        let server = try await HearthServer(extraArguments: ["--max-upload-mb", "1"])
        defer { server.stop() }
        try await server.createApp("steady")
        let files = try AppZip.files(ofFixture: "hello-python")
        #expect(try await server.deploy("steady", zip: AppZip.zip(files)).status == 201)
        #expect(try await server.eventually { try await server.call("steady", "/api/hello").status == 200 })
        let before = try await server.api(.GET, "/api/apps/steady/deployments").text

        let badZip = try bad.zip(files)
        let reply = try await server.deploy("steady", zip: badZip)
        #expect(reply.status == bad.status, "\(bad): \(reply.text)")
        for word in bad.mentions { #expect(reply.text.contains(word), "\(bad): '\(word)' not in \(reply.text)") }

        #expect(try await server.api(.GET, "/api/apps/steady/deployments").text == before)
        try await Task.sleep(for: .milliseconds(400))
        #expect(try await server.call("steady", "/api/hello").text == "Hello, world!")
    }

    @Test func wrongTokenAndUnknownAppChangeNothing() async throws {
        let server = try await HearthServer()
        defer { server.stop() }
        try await server.createApp("guarded")
        let zip = try AppZip.zip(AppZip.files(ofFixture: "hello-python"))
        let wrong = try await server.api(
            .POST,
            "/api/apps/guarded/deployments",
            body: zip,
            contentType: "application/zip",
            token: "hth_not-a-real-token"
        )
        #expect(wrong.status == 401)
        let missing = try await server.request(.POST, server.managementURL + "/api/tenants", body: Data(#"{"name":"x"}"#.utf8))
        #expect(missing.status == 401)
        #expect(try await server.api(.GET, "/api/tenants").text.contains("\"x\"") == false)
        let unknown = try await server.deploy("no-such-app", zip: zip)
        #expect(unknown.status == 404)
        #expect(unknown.text.contains("no-such-app"))
        let deployments = try await server.api(.GET, "/api/apps/guarded/deployments").json()
        #expect((deployments["deployments"] as? [Any])?.isEmpty == true)
    }
}
