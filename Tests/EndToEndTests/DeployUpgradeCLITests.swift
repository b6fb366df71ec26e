import Foundation
import NIOHTTP1
import Testing

/// `hearth app deploy --upgrade` upgrades a v1 app on the server, and `hearth app original` fetches
/// what was uploaded; without the flag the refusal names both ways to upgrade.
@Suite(.serialized) struct DeployUpgradeCLITests {
    static let v1App: [String: String] = [
        "host.json": #"{"http": {"routePrefix": "api"}}"#,
        "Hello/function.json":
            #"{"bindings": [{"type": "httpTrigger", "direction": "in", "name": "req"}, {"type": "http", "direction": "out", "name": "res"}]}"#,
        "Hello/index.js": "module.exports = function (context, req) { context.res = { body: 'hi' }; context.done(); };",
        "Nightly/function.json":
            #"{"disabled": true, "bindings": [{"type": "timerTrigger", "direction": "in", "name": "t", "schedule": "0 0 2 * * *"}]}"#,
        "Nightly/index.js": "module.exports = function (context, t) { context.done(); };",
    ]

    @Test func deployUpgradeThenDownloadTheOriginal() async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-deploy-upgrade-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let app = work.appendingPathComponent("v1")
        for (path, text) in Self.v1App {
            let url = app.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let server = try await HearthServer()
        defer { server.stop() }
        try await server.createApp("legacy")
        let environment: [String: String?] = ["HEARTH_SERVER": server.managementURL, "HEARTH_TOKEN": server.token]

        let (refusedStatus, refused) = try HearthCLI.run(["app", "deploy", "legacy", app.path], environment: environment)
        #expect(refusedStatus != 0)
        #expect(refused.contains("HEARTH_UPGRADE_V1=true"), "\(refused)")
        #expect(refused.contains("hearth app deploy --upgrade"), "\(refused)")

        let (status, output) = try HearthCLI.run(["app", "deploy", "legacy", app.path, "--upgrade"], environment: environment)
        #expect(status == 0, "\(output)")
        #expect(output.contains("now serving"), "\(output)")
        let list = try await server.api(.GET, "/api/apps/legacy/deployments").json()
        let deployment = try #require((list["deployments"] as? [[String: Any]])?.first)
        let id = try #require(deployment["id"] as? String)
        #expect(deployment["originalPackageSha256"] is String)
        let settings = try await server.api(.GET, "/api/apps/legacy/settings").text
        #expect(settings.contains("AzureWebJobs.Nightly.Disabled"))
        #expect(settings.contains("FUNCTIONS_WORKER_RUNTIME"))

        let file = work.appendingPathComponent("original.zip")
        let (downloadStatus, downloadOutput) = try HearthCLI.run(
            ["app", "original", "legacy", id, "--out", file.path],
            environment: environment
        )
        #expect(downloadStatus == 0, "\(downloadOutput)")
        let expected = try await server.api(.GET, "/api/apps/legacy/deployments/\(id)/original")
        #expect(expected.status == 200)
        #expect(try Data(contentsOf: file) == expected.body)
        #expect(!expected.body.isEmpty)
    }
}
