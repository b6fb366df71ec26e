import Foundation
import NIOHTTP1
import Testing

/// An app's life in the portal, in headless Chromium against a real `hearth serve` signed in as the
/// first admin (`Tests/Browser/apps.py`): create it (the name checked as it is typed), upload a zip,
/// roll back to the first upload; then as the tenant's owner (added with `hearth user add`) create,
/// reveal, regenerate and delete a function key and download the `.PublishSettings`, with which the
/// real CLI publishes (`hearth profile import`, `hearth publish`).
@Suite(.serialized, .enabled(if: !BrowserScript.skipped, "HEARTH_SKIP_BROWSER=1"))
struct AppLifecycleBrowserTests {
    let script = BrowserScript(name: "apps")

    /// The custom-handler fixture with its `Hello` function answering `greeting` instead of "Hello".
    static func fixture(greeting: String) throws -> [String: Data] {
        var files = try AppZip.files(ofFixture: "hello-python")
        let handler = String(decoding: try #require(files["handler.py"]), as: UTF8.self)
        let changed = handler.replacingOccurrences(of: #"f"Hello, {name}!""#, with: #"f"\#(greeting), {name}!""#)
        try #require(changed != handler || greeting == "Hello")
        files["handler.py"] = Data(changed.utf8)
        return files
    }

    @Test func createUploadRollBackKeysAndPublishWithTheDownloadedProfile() async throws {
        let server = try await HearthServer()
        defer { server.stop() }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-apps-browser-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let downloads = scratch.appendingPathComponent("downloads")
        let config = scratch.appendingPathComponent("config")
        for folder in [downloads, config] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        let link = try #require(server.firstAdminSetupLink, "\(server.log)")
        #expect(try await server.api(.POST, "/api/tenants", json: ["name": "lifecycle"]).status == 201)
        // The tenant's owner, who manages the keys and downloads the profile.
        let people: [String: String?] = ["HEARTH_MASTER_KEY": nil, "HEARTH_STORE": nil]
        let store = ["--data-dir", server.dataDirectory.path]
        let added = try HearthCLI.run(["user", "add", "olive", "--portal-url", server.managementURL] + store, environment: people)
        let ownerLink = try #require(HearthServer.setupLink(in: added.output), "\(added.output)")
        let granted = try HearthCLI.run(["user", "grant", "olive", "--tenant", "lifecycle", "--role", "owner"] + store, environment: people)
        #expect(granted.status == 0, "\(granted.output)")

        let v1 = scratch.appendingPathComponent("v1.zip")
        let v2 = scratch.appendingPathComponent("v2.zip")
        try AppZip.zip(Self.fixture(greeting: "Hello")).write(to: v1)
        try AppZip.zip(Self.fixture(greeting: "Hello again")).write(to: v2)
        let environment = [
            "HEARTH_SETUP_URL": link,
            "HEARTH_ADMIN_LOGIN": "admin",
            "HEARTH_ADMIN_PASSWORD": "a long first admin pass phrase",
            "HEARTH_OWNER_SETUP_URL": ownerLink,
            "HEARTH_OWNER_LOGIN": "olive",
            "HEARTH_OWNER_PASSWORD": "the tenant owner's own pass phrase",
            "HEARTH_TENANT": "lifecycle",
            "HEARTH_APP": "shop",
            "HEARTH_ZIP_V1": v1.path,
            "HEARTH_ZIP_V2": v2.path,
            "HEARTH_ANSWER_V1": "Hello, Ann!",
            "HEARTH_ANSWER_V2": "Hello again, Ann!",
            "HEARTH_DOWNLOAD_DIR": downloads.path,
        ]

        let outcome = try await script.run(against: server, environment: environment)
        #expect(outcome.status == 0, "\(outcome.description)")
        for name in ["first-admin", "owner-link", "create-app", "upload-zip", "rollback", "keys", "publish-profile"] {
            #expect(outcome.passed(name), "\(name): \(outcome.description)")
        }

        // The downloaded profile, imported and published with by the real CLI.
        let profile = downloads.appendingPathComponent("shop.PublishSettings")
        try #require(FileManager.default.fileExists(atPath: profile.path), "\(outcome.description)")
        let cli: [String: String?] = ["XDG_CONFIG_HOME": config.path, "HEARTH_TOKEN": nil]
        let imported = try HearthCLI.run(["profile", "import", profile.path], environment: cli)
        #expect(imported.status == 0, "\(imported.output)")
        #expect(imported.output.contains("saved publish target 'shop'"), "\(imported.output)")
        let folder = scratch.appendingPathComponent("v3")
        for (path, data) in try Self.fixture(greeting: "Greetings") {
            let file = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: file)
        }
        let published = try HearthCLI.run(["publish", folder.path, "--profile", "shop"], environment: cli)
        #expect(published.status == 0, "\(published.output)")
        #expect(published.output.contains("succeeded"), "\(published.output)")
        let served = try await server.eventually(timeout: .seconds(30)) {
            try await server.call("shop", "/api/hello/Ann").text == "Greetings, Ann!"
        }
        #expect(served)

        let after = try await script.run(against: server, scenarios: ["published-active"], environment: environment)
        #expect(after.passed("published-active"), "\(after.description)")
    }
}
