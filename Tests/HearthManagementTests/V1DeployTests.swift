import Foundation
import HTTPTypes
import HearthCore
import HearthStore
import Testing

@testable import HearthManagement

/// A Functions v1 app deployed as it is, upgraded on the way in: with `upgrade=true` (API, Kudu) or
/// the app setting `HEARTH_UPGRADE_V1=true`; refused otherwise, naming both. Real store, real pipeline.
@Suite struct V1DeployTests {
    static let localSecret = "sk-local-secret-123"

    /// A v1 JavaScript app: no host.json version, `disabled` in function.json, an HTTP and a timer
    /// function, and a developer's local.settings.json.
    static let v1App: [String: String] = [
        "host.json": #"{"http": {"routePrefix": "api"}}"#,
        "HttpHello/function.json": """
        {"disabled": false, "bindings": [{"authLevel": "function", "type": "httpTrigger", "direction": "in", "name": "req"},
        {"type": "http", "direction": "out", "name": "res"}]}
        """,
        "HttpHello/index.js": "module.exports = function (context, req) { context.res = { body: 'hi' }; context.done(); };",
        "Nightly/function.json": """
        {"disabled": true, "bindings": [{"name": "myTimer", "type": "timerTrigger", "direction": "in", "schedule": "0 0 2 * * *"}]}
        """,
        "Nightly/index.js": "module.exports = function (context, myTimer) { context.log('tick'); context.done(); };",
        "local.settings.json": """
        {"IsEncrypted": false, "Values": {"AzureWebJobsStorage": "UseDevelopmentStorage=true",
        "FUNCTIONS_EXTENSION_VERSION": "~1", "PAYMENTS_API_KEY": "\(localSecret)"}}
        """,
    ]

    static let implied = ["FUNCTIONS_EXTENSION_VERSION": "~4", "FUNCTIONS_WORKER_RUNTIME": "node", "AzureWebJobs.Nightly.Disabled": "true"]

    func settings(_ instance: TestInstance) async throws -> [String: String] {
        let app = try await instance.app("orders")
        return Dictionary(uniqueKeysWithValues: try await instance.store.settings(appID: app.id).map { ($0.name, $0.value) })
    }

    /// Deploys `zip` to a fresh `orders`, with `extra` app settings first.
    func deploy(_ zip: Data, query: String, extra: [AppSetting] = []) async throws -> (TestInstance, APIResponse) {
        let instance = try await TestInstance()
        let app = try await instance.seedApp()
        if !extra.isEmpty { try await instance.store.putSettings(appID: app.id, extra) }
        let response = try await instance.test { [adminToken = instance.adminToken] client in
            try await client.call(.post, "/api/apps/orders/deployments\(query)", token: adminToken, data: zip)
        }
        return (instance, response)
    }

    /// What every accepted upgrade shows: report steps as warnings, settings applied and named, the
    /// local settings' extra names (never values) in the log, the upgraded package served and the
    /// original downloadable byte for byte.
    func expectUpgraded(_ instance: TestInstance, _ response: APIResponse, zip: Data, before: [String: String]) async throws {
        #expect(response.status == .created, "\(response.text)")
        let log = try #require(response.json["log"] as? [String])
        let text = log.joined(separator: "\n")
        #expect(log.contains { $0.contains("warning: upgrade: Nightly/function.json") && $0.contains("[function.disabled]") })
        #expect(log.contains { $0.contains("warning: upgrade [info]: ") && $0.contains("[app.detected]") })
        for name in Self.implied.keys.sorted() { #expect(text.contains("app setting \(name) set by the upgrade")) }
        #expect(text.contains("local.settings.json is not applied; it has settings the app lacks: AzureWebJobsStorage, PAYMENTS_API_KEY"))
        #expect(!text.contains(Self.localSecret))
        #expect(!text.contains("UseDevelopmentStorage"))

        var expected = before
        expected.merge(Self.implied) { _, new in new }
        #expect(try await settings(instance) == expected)

        let original = SHA256Hex.of(zip)
        #expect(response.json["originalPackageSha256"] as? String == original)
        let served = try #require(response.json["packageSha256"] as? String)
        #expect(served != original)
        let package = try #require(try await instance.store.package(sha256: served))
        let editor = try PackageEditor(package: package, limits: ManagementConfiguration().packageLimits)
        #expect(try editor.text("host.json")?.contains(#""version": "2.0""#) == true)
        #expect(try editor.text("Nightly/function.json")?.contains("disabled") == false)
        // Like Azure, the served package leaves local.settings.json out; the original keeps it.
        #expect(try editor.data("local.settings.json") == nil)
        let functions = try #require(response.json["functions"] as? [[String: Any]])
        #expect(functions.compactMap { $0["name"] as? String }.sorted() == ["HttpHello", "Nightly"])
        #expect(functions.first { $0["name"] as? String == "Nightly" }?["disabled"] as? Bool == true)

        let id = try #require(response.json["id"] as? String)
        let download = try await instance.test { [adminToken = instance.adminToken] client in
            try await client.call(.get, "/api/apps/orders/deployments/\(id)/original", token: adminToken)
        }
        #expect(download.status == .ok)
        #expect(download.body == zip)
        #expect(try await instance.app("orders").activeDeploymentID == UUID(uuidString: id))
    }

    @Test func upgradeTrueDeploysTheUpgradedAppAndKeepsTheOriginal() async throws {
        let zip = try ZipBuilder.zip(Self.v1App)
        let (instance, response) = try await deploy(zip, query: "?upgrade=true")
        try await expectUpgraded(instance, response, zip: zip, before: [:])
        #expect(try #require(response.json["log"] as? [String]).contains { $0.contains("upgrade=true was requested") })
    }

    @Test func theAppSettingUpgradesWithoutTheFlag() async throws {
        let zip = try ZipBuilder.zip(Self.v1App)
        let setting = AppSetting(name: "HEARTH_UPGRADE_V1", value: "true", isSecret: false)
        let (instance, response) = try await deploy(zip, query: "", extra: [setting])
        try await expectUpgraded(instance, response, zip: zip, before: ["HEARTH_UPGRADE_V1": "true"])
        #expect(try #require(response.json["log"] as? [String]).contains { $0.contains("the app setting HEARTH_UPGRADE_V1 is true") })
    }

    @Test func withoutEitherTheRefusalNamesBothAndNothingChanges() async throws {
        let zip = try ZipBuilder.zip(Self.v1App)
        let validation = DeploymentValidationTests()
        let (instance, activeID) = try await validation.deployedInstance()
        let before = try await settings(instance)
        let response = try await instance.test { [adminToken = instance.adminToken] client in
            try await client.call(.post, "/api/apps/orders/deployments", token: adminToken, data: zip)
        }
        #expect(response.status == .unprocessableContent)
        let fix = try #require(response.errorDetails.first { $0["file"] == "host.json" }?["fix"])
        #expect(fix.contains("HEARTH_UPGRADE_V1=true"))
        #expect(fix.contains("upgrade=true"))
        #expect(fix.contains("hearth app deploy --upgrade"))
        #expect(try await instance.app("orders").activeDeploymentID == activeID)
        #expect(try await instance.store.deployments(appID: instance.app("orders").id).count == 1)
        #expect(try await instance.store.package(sha256: SHA256Hex.of(zip)) == nil)
        #expect(try await settings(instance) == before)
    }

    @Test func anUpgradedAppThatFailsValidationDeploysNothingAndSetsNothing() async throws {
        var files = Self.v1App
        files["Nightly/function.json"] =
            #"{"disabled": true, "bindings": [{"name": "t", "type": "timerTrigger", "direction": "in", "schedule": "0 * * *"}]}"#
        let zip = try ZipBuilder.zip(files)
        let (instance, response) = try await deploy(zip, query: "?upgrade=true")
        #expect(response.status == .unprocessableContent, "\(response.text)")
        #expect(response.errorDetails.first?["path"] == "$.bindings[0].schedule")
        let app = try await instance.app("orders")
        #expect(app.activeDeploymentID == nil)
        #expect(try await instance.store.deployments(appID: app.id).isEmpty)
        #expect(try await instance.store.package(sha256: SHA256Hex.of(zip)) == nil)
        #expect(try await settings(instance).isEmpty)
    }

    @Test func anUpgradeLeavingBlockingStepsDeploysNothingAndSetsNothing() async throws {
        var files = Self.v1App
        // Two languages in one app: v4 needs one FUNCTIONS_WORKER_RUNTIME, so the upgrade cannot finish.
        files["Report/function.json"] = SampleApps.http("Report")
        files["Report/run.csx"] = "public static string Run(HttpRequestMessage req) { return \"ok\"; }"
        let zip = try ZipBuilder.zip(files)
        let (instance, response) = try await deploy(zip, query: "?upgrade=true")
        #expect(response.status == .unprocessableContent, "\(response.text)")
        #expect(response.errorMessage.contains("blocking manual step"))
        #expect(response.errorMessage.contains("nothing was deployed"))
        #expect(response.errorDetails.contains { $0["path"] == "settings.worker-runtime" })
        let app = try await instance.app("orders")
        #expect(try await instance.store.deployments(appID: app.id).isEmpty)
        #expect(try await instance.store.package(sha256: SHA256Hex.of(zip)) == nil)
        #expect(try await settings(instance).isEmpty)
    }

    @Test func aBadFlagIsRefusedAndAPlainDeploymentHasNoOriginal() async throws {
        let (instance, response) = try await deploy(try ZipBuilder.zip(Self.v1App), query: "?upgrade=yes")
        #expect(response.status == .badRequest)
        #expect(response.errorMessage.contains("upgrade must be true or false"))
        #expect(try await settings(instance).isEmpty)
        // A v4 app with upgrade=true deploys as uploaded: nothing implied, no original.
        let zip = try ZipBuilder.zip(SampleApps.hello)
        let plain = try await instance.test { [adminToken = instance.adminToken] client in
            try await client.call(.post, "/api/apps/orders/deployments?upgrade=true", token: adminToken, data: zip)
        }
        #expect(plain.status == .created, "\(plain.text)")
        #expect(plain.json["packageSha256"] as? String == SHA256Hex.of(zip))
        #expect(plain.json["originalPackageSha256"] == nil)
        #expect(try #require(plain.json["log"] as? [String]).contains { $0.contains("nothing to change") })
        #expect(try await settings(instance).isEmpty)
        let id = try #require(plain.json["id"] as? String)
        let download = try await instance.test { [adminToken = instance.adminToken] client in
            try await client.call(.get, "/api/apps/orders/deployments/\(id)/original", token: adminToken)
        }
        #expect(download.status == .notFound)
    }

    // MARK: Kudu

    @Test(arguments: [true, false])
    func kuduZipDeployUpgrades(byFlag: Bool) async throws {
        let s = try await KuduTests().setup()
        let app = try await s.instance.app("orders")
        if !byFlag {
            try await s.instance.store.putSettings(appID: app.id, [AppSetting(name: "HEARTH_UPGRADE_V1", value: "true", isSecret: false)])
        }
        let zip = try ZipBuilder.zip(Self.v1App)
        let (response, log) = try await s.instance.test { [password = s.password] client in
            let (response, _) = try await client.kudu(
                .post,
                "/scm/orders/api/zipdeploy\(byFlag ? "?upgrade=true" : "")",
                user: "$orders",
                password: password,
                data: zip
            )
            let id = response.json["id"] as? String ?? ""
            let log = try await client.kudu(.get, "/scm/orders/api/deployments/\(id)/log", user: "$orders", password: password).response
            return (response, log.text)
        }
        #expect(response.status == .ok, "\(response.text)")
        #expect(log.contains("app setting AzureWebJobs.Nightly.Disabled set by the upgrade"))
        #expect(log.contains("[function.disabled]"))
        #expect(log.contains("PAYMENTS_API_KEY"))
        #expect(!log.contains(Self.localSecret))
        var expected = Self.implied
        if !byFlag { expected["HEARTH_UPGRADE_V1"] = "true" }
        #expect(try await settings(s.instance) == expected)
        let text = try #require(response.json["id"] as? String)
        let id = try #require(UUID(uuidString: text))
        let deployment = try #require(try await s.instance.store.deployment(id: id))
        #expect(deployment.originalPackageSHA256 == SHA256Hex.of(zip))
        #expect(try await s.instance.store.package(sha256: SHA256Hex.of(zip)) == zip)
        #expect(deployment.packageSHA256 != SHA256Hex.of(zip))
    }

    @Test func kuduRefusesAV1AppWithoutEitherNamingBoth() async throws {
        let record = try await KuduTests().refused(try ZipBuilder.zip(Self.v1App))
        let log = try #require(record["logText"] as? String)
        #expect(log.contains("HEARTH_UPGRADE_V1=true"))
        #expect(log.contains("upgrade=true"))
    }
}
