import Foundation
import NIOHTTP1
import Testing

/// The publishing round trip through the real binary: download the profile from the API, import it
/// with `hearth profile import`, `hearth publish` the fixture app with it, and call the function.
@Suite(.serialized) struct PublishTests {
    /// Runs `hearth` with its own config folder, so publish targets stay inside the test.
    func hearth(_ arguments: [String], config: URL) throws -> (status: Int32, output: String) {
        try HearthCLI.run(arguments, environment: ["XDG_CONFIG_HOME": config.path, "HEARTH_TOKEN": nil])
    }

    @Test func emitImportPublishServe() async throws {
        let server = try await HearthServer()
        defer { server.stop() }
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-publish-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: config) }
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try await server.createApp("pub", settings: ["FUNCTIONS_WORKER_RUNTIME": "custom"])

        // Emit: the profile as the portal or API serves it.
        let download = try await server.api(.GET, "/api/apps/pub/publishprofile")
        #expect(download.status == 200, "\(download.text)")
        #expect(download.header("Content-Type")?.hasPrefix("application/xml") == true)
        let profileFile = config.appendingPathComponent("pub.PublishSettings")
        try download.body.write(to: profileFile)
        let credentials = try await server.api(.GET, "/api/apps/pub/publishingcredentials").json()
        let password = try #require(credentials["password"] as? String)

        // Import.
        let imported = try hearth(["profile", "import", profileFile.path], config: config)
        #expect(imported.status == 0, "\(imported.output)")
        #expect(imported.output.contains("pub - Zip Deploy [ZipDeploy]"))
        #expect(imported.output.contains("saved publish target 'pub'"))
        #expect(!imported.output.contains(password))
        let secretFile = config.appendingPathComponent("hearth/publish-targets/pub.secret.json")
        let mode = try FileManager.default.attributesOfItem(atPath: secretFile.path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        let shown = try hearth(["profile", "show", "pub"], config: config)
        #expect(shown.status == 0 && shown.output.contains("userPWD: ********") && !shown.output.contains(password), "\(shown.output)")
        #expect(try hearth(["profile", "list"], config: config).output.contains("pub\t\(server.managementURL)/scm/pub"))

        // Publish.
        let folder = HearthServer.packageRoot.appendingPathComponent("Tests/Fixtures/apps/hello-python").path
        let published = try hearth(["publish", folder, "--profile", "pub"], config: config)
        #expect(published.status == 0, "\(published.output)")
        #expect(published.output.contains("uploading 100%"))
        #expect(published.output.contains("succeeded"))
        #expect(published.output.contains("/_app/pub/api/hello"))

        // Serves.
        let served = try await server.eventually { try await server.call("pub", "/api/hello/Bob").text == "Hello, Bob!" }
        #expect(served)

        // After a reset the saved password is refused and nothing changes.
        let before = try await server.api(.GET, "/api/apps/pub/deployments").json()["deployments"] as? [[String: Any]]
        #expect(try await server.api(.POST, "/api/apps/pub/publishingcredentials/reset").status == 200)
        let refused = try hearth(["publish", folder, "--profile", "pub"], config: config)
        #expect(refused.status == 1)
        #expect(refused.output.contains("refused the publishing credentials"), "\(refused.output)")
        let after = try await server.api(.GET, "/api/apps/pub/deployments").json()["deployments"] as? [[String: Any]]
        #expect(after?.count == before?.count)

        #expect(try hearth(["profile", "remove", "pub"], config: config).status == 0)
        #expect(!FileManager.default.fileExists(atPath: secretFile.path))
    }

    @Test func publishOfAnInvalidAppFailsAndThePreviousDeploymentServes() async throws {
        let server = try await HearthServer()
        defer { server.stop() }
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-publish-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: config) }
        try await server.createApp("pub2", settings: ["FUNCTIONS_WORKER_RUNTIME": "custom"])
        let download = try await server.api(.GET, "/api/apps/pub2/publishprofile")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        let profileFile = config.appendingPathComponent("pub2.PublishSettings")
        try download.body.write(to: profileFile)

        let good = HearthServer.packageRoot.appendingPathComponent("Tests/Fixtures/apps/hello-python")
        #expect(try hearth(["publish", good.path, "--profile", profileFile.path], config: config).status == 0)
        #expect(try await server.eventually { try await server.call("pub2", "/api/hello/Ann").text == "Hello, Ann!" })

        // A copy of the app with a broken function.json.
        let broken = config.appendingPathComponent("broken")
        try FileManager.default.copyItem(at: good, to: broken)
        try Data(#"{"bindings": [ {"type": "httpTrigger", "#.utf8).write(to: broken.appendingPathComponent("Hello/function.json"))
        let failed = try hearth(["publish", broken.path, "--profile", profileFile.path], config: config)
        #expect(failed.status == 1)
        #expect(failed.output.contains("failed"), "\(failed.output)")
        #expect(failed.output.contains("Hello/function.json"), "\(failed.output)")
        #expect(try await server.call("pub2", "/api/hello/Ann").text == "Hello, Ann!")
    }
}
