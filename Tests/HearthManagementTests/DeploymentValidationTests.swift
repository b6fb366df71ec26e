import Foundation
import HTTPTypes
import HearthCore
import HearthStore
import Testing

@testable import HearthManagement

/// Every bad upload: a clear error, and the store exactly as before (the good deployment keeps serving).
@Suite struct DeploymentValidationTests {
    /// An instance with app `orders` already serving a good deployment.
    func deployedInstance(configuration: ManagementConfiguration = ManagementConfiguration()) async throws -> (TestInstance, UUID) {
        let instance = try await TestInstance(configuration: configuration)
        try await instance.seedApp()
        let zip = try ZipBuilder.zip(SampleApps.hello)
        let id = try await instance.test { [adminToken = instance.adminToken] client in
            let response = try await client.call(.post, "/api/apps/orders/deployments", token: adminToken, data: zip)
            #expect(response.status == .created)
            return try #require(response.json["id"] as? String)
        }
        return (instance, try #require(UUID(uuidString: id)))
    }

    /// Uploads `zip`, returns the response, and checks that nothing changed.
    func refused(_ zip: Data, configuration: ManagementConfiguration = ManagementConfiguration()) async throws -> APIResponse {
        let (instance, activeID) = try await deployedInstance(configuration: configuration)
        let app = try await instance.app("orders")
        let keysBefore = try await instance.store.keys(appID: app.id).count
        let response = try await instance.test { [adminToken = instance.adminToken] client in
            try await client.call(.post, "/api/apps/orders/deployments", token: adminToken, data: zip)
        }
        let after = try await instance.app("orders")
        #expect(after.activeDeploymentID == activeID)
        #expect(try await instance.store.deployments(appID: app.id).count == 1)
        #expect(try await instance.store.keys(appID: app.id).count == keysBefore)
        #expect(try await instance.store.package(sha256: SHA256Hex.of(zip)) == nil)
        return response
    }

    @Test func malformedFunctionJSON() async throws {
        var files = SampleApps.hello
        files["HttpHello/function.json"] = #"{"bindings": [ {"type": "httpTrigger", "#
        let response = try await refused(try ZipBuilder.zip(files))
        #expect(response.status == .unprocessableContent)
        #expect(response.errorCode == "validation_failed")
        #expect(response.errorMessage.contains("nothing was deployed"))
        #expect(response.errorDetails.first?["file"] == "HttpHello/function.json")
        #expect(response.errorDetails.first?["fix"]?.isEmpty == false)
    }

    @Test func unknownTrigger() async throws {
        var files = SampleApps.hello
        files["HttpHello/function.json"] = #"{"bindings": [{"type": "cosmosDBTrigger", "direction": "in", "name": "docs"}]}"#
        let response = try await refused(try ZipBuilder.zip(files))
        #expect(response.status == .unprocessableContent)
        #expect(response.errorDetails.first?["path"] == "$.bindings[0].type")
        #expect(response.errorMessage.contains("cosmosDBTrigger"))
    }

    @Test func badCron() async throws {
        var files = SampleApps.hello
        files["Tick/function.json"] = SampleApps.timer("0 * * *")
        let response = try await refused(try ZipBuilder.zip(files))
        #expect(response.status == .unprocessableContent)
        let detail = try #require(response.errorDetails.first)
        #expect(detail["file"] == "Tick/function.json")
        #expect(detail["path"] == "$.bindings[0].schedule")
        #expect(detail["problem"]?.contains("0 * * *") == true)
    }

    @Test func duplicateRoutes() async throws {
        var files = SampleApps.hello
        files["HttpHello/function.json"] = SampleApps.http("HttpHello", route: "items")
        files["Other/function.json"] = SampleApps.http("Other", route: "items")
        let response = try await refused(try ZipBuilder.zip(files))
        #expect(response.status == .unprocessableContent)
        #expect(response.errorMessage.contains("duplicates route"))
        #expect(response.errorDetails.contains { $0["path"] == "$.bindings[0].route" })
    }

    @Test func missingCustomHandlerExecutable() async throws {
        var files = SampleApps.hello
        files["host.json"] = #"{"version": "2.0", "customHandler": {"description": {"defaultExecutablePath": "bin/handler"}}}"#
        let response = try await refused(try ZipBuilder.zip(files))
        #expect(response.status == .unprocessableContent)
        #expect(response.errorMessage.contains("missing executable"))
        #expect(response.errorDetails.first?["path"] == "$.customHandler.description.defaultExecutablePath")
    }

    @Test func v1AppPointsToUpgrade() async throws {
        var files = SampleApps.hello
        files["host.json"] = #"{"http": {"routePrefix": "api"}}"#
        let response = try await refused(try ZipBuilder.zip(files))
        #expect(response.status == .unprocessableContent)
        #expect(response.errorMessage.contains("hearth upgrade") || response.errorDetails.contains { $0["fix"]?.contains("hearth upgrade") == true })
    }

    @Test func zipSlipPath() async throws {
        var files = SampleApps.hello
        files["../../etc/cron.d/evil"] = "* * * * * root sh"
        let response = try await refused(try ZipBuilder.zip(files))
        #expect(response.status == .badRequest)
        #expect(response.errorCode == "invalid_archive")
        #expect(response.errorMessage.contains("zip slip"))
        #expect(response.errorMessage.contains("../../etc/cron.d/evil"))
    }

    @Test func absolutePath() async throws {
        var files = SampleApps.hello
        files["/etc/passwd"] = "root:x:0:0"
        let response = try await refused(try ZipBuilder.zip(files))
        #expect(response.status == .badRequest)
        #expect(response.errorMessage.contains("absolute path"))
    }

    @Test func notAZip() async throws {
        let response = try await refused(Data("this is not a zip file at all".utf8))
        #expect(response.status == .badRequest)
        #expect(response.errorMessage.contains("not a zip"))
    }

    @Test func emptyUpload() async throws {
        let response = try await refused(Data())
        #expect(response.status == .badRequest)
        #expect(response.errorMessage.contains("empty"))
    }

    @Test func oversizeUpload() async throws {
        var configuration = ManagementConfiguration()
        configuration.maxUploadBytes = 4096
        var files = SampleApps.hello
        files["HttpHello/blob.bin"] = String((0..<20_000).map { _ in "abcdefghijklmnopqrstuvwxyz0123456789".randomElement()! })
        let zip = try ZipBuilder.zip(files)
        #expect(zip.count > 4096)
        let response = try await refused(zip, configuration: configuration)
        #expect(response.status == .contentTooLarge)
        #expect(response.errorCode == "payload_too_large")
        #expect(response.errorMessage.contains("4096"))
    }

    @Test func unknownApp() async throws {
        let (instance, _) = try await deployedInstance()
        let zip = try ZipBuilder.zip(SampleApps.hello)
        let response = try await instance.test { [adminToken = instance.adminToken] client in
            try await client.call(.post, "/api/apps/nosuchapp/deployments", token: adminToken, data: zip)
        }
        #expect(response.status == .notFound)
        #expect(response.errorMessage.contains("nosuchapp"))
        #expect(try await instance.store.apps(tenantID: nil).map(\.name) == ["orders"])
    }

    @Test func settingsAreUsedForValidation() async throws {
        // %Schedule% resolves from the app's settings; without the setting the deploy fails.
        let (instance, activeID) = try await deployedInstance()
        var files = SampleApps.hello
        files["Tick/function.json"] = SampleApps.timer("%TickSchedule%")
        let zip = try ZipBuilder.zip(files)
        let app = try await instance.app("orders")
        let refused = try await instance.test { [adminToken = instance.adminToken] client in
            try await client.call(.post, "/api/apps/orders/deployments", token: adminToken, data: zip)
        }
        #expect(refused.status == .unprocessableContent)
        #expect(try await instance.app("orders").activeDeploymentID == activeID)
        try await instance.store.putSettings(appID: app.id, [AppSetting(name: "TickSchedule", value: "0 0 * * * *", isSecret: false)])
        let accepted = try await instance.test { [adminToken = instance.adminToken] client in
            try await client.call(.post, "/api/apps/orders/deployments", token: adminToken, data: zip)
        }
        #expect(accepted.status == .created, "\(accepted.text)")
    }
}
