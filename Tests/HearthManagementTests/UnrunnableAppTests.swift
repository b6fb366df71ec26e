import Foundation
import HTTPTypes
import HearthCore
import HearthStore
import Testing

@testable import HearthManagement

/// Apps Hearth cannot run are refused on every deploy path, naming the function or runtime and
/// what Hearth runs; the previous deployment keeps serving.
@Suite struct UnrunnableAppTests {
    static func withTrigger(_ type: String) -> [String: String] {
        var files = SampleApps.hello
        files["OnEvent/function.json"] = #"{"bindings": [{"type": "\#(type)", "direction": "in", "name": "item", "path": "c/{name}"}]}"#
        files["OnEvent/index.js"] = "//"
        return files
    }

    static func runtime(_ value: String) -> AppSetting {
        AppSetting(name: "FUNCTIONS_WORKER_RUNTIME", value: value, isSecret: false)
    }

    // MARK: The rule

    @Test(arguments: ["dotnet-isolated", "dotnet", "java", "powershell", "DotNet-Isolated"])
    func runtimesWithoutAWorkerAreAnIssue(_ runtime: String) throws {
        let issue = try #require(WorkerRuntimeRule.issue(for: AppWorkerKind(workerRuntime: runtime, hasCustomHandler: false)))
        #expect(issue.severity == .error)
        #expect(issue.file == "app settings")
        #expect(issue.jsonPath == "FUNCTIONS_WORKER_RUNTIME")
        #expect(issue.problem.contains("'\(runtime.lowercased())'"))  // named as the host reads it
        #expect(issue.problem.contains("Hearth runs python, node and custom handler apps"))
        #expect(issue.fix.contains("python, node or custom"))
    }

    @Test func runtimesHearthRunsAreNoIssue() {
        for runtime in ["python", "Node", "custom", "", nil] as [String?] {
            #expect(WorkerRuntimeRule.issue(for: AppWorkerKind(workerRuntime: runtime, hasCustomHandler: false)) == nil)
        }
        // host.json's customHandler decides the worker, as the host does.
        #expect(WorkerRuntimeRule.issue(for: AppWorkerKind(workerRuntime: "dotnet-isolated", hasCustomHandler: true)) == nil)
    }

    @Test func settingARuntimeWithoutAWorkerIsRefused() throws {
        #expect(throws: ManagementError.self) {
            try SettingValueRules.validate([Self.runtime("java")], current: [])
        }
        let lowerCase = AppSetting(name: "functions_worker_runtime", value: "powershell", isSecret: false)
        #expect(throws: ManagementError.self) { try SettingValueRules.validate([lowerCase], current: [Self.runtime("python")]) }
        try SettingValueRules.validate([Self.runtime("node")], current: [Self.runtime("python")])
        try SettingValueRules.validate([AppSetting(name: "OTHER", value: "java", isSecret: false)], current: [])
        // Re-sending the value the app already has changes nothing, so it is not refused.
        try SettingValueRules.validate([Self.runtime("dotnet")], current: [Self.runtime("dotnet")])
    }

    // MARK: API deployments

    @Test(arguments: ["blobTrigger", "eventHubTrigger", "serviceBusTrigger", "cosmosDBTrigger"])
    func triggersHearthDoesNotRunAreRefused(_ trigger: String) async throws {
        let response = try await DeploymentValidationTests().refused(try ZipBuilder.zip(Self.withTrigger(trigger)))
        #expect(response.status == .unprocessableContent)
        #expect(response.errorCode == "validation_failed")
        #expect(response.errorMessage.contains("nothing was deployed"))
        let detail = try #require(response.errorDetails.first)
        #expect(detail["file"] == "OnEvent/function.json")
        #expect(detail["path"] == "$.bindings[0].type")
        #expect(detail["problem"]?.contains("'\(trigger)'") == true)
        #expect(detail["problem"]?.contains("function 'OnEvent'") == true)
        #expect(detail["fix"]?.contains("httpTrigger, timerTrigger or queueTrigger") == true)
    }

    @Test func queueTriggersAreDeployed() async throws {
        let (instance, _) = try await DeploymentValidationTests().deployedInstance()
        var files = SampleApps.hello
        files["OnOrder/function.json"] = #"{"bindings": [{"type": "queueTrigger", "direction": "in", "name": "m", "queueName": "orders"}]}"#
        let zip = try ZipBuilder.zip(files)
        let response = try await instance.test { [adminToken = instance.adminToken] client in
            try await client.call(.post, "/api/apps/orders/deployments", token: adminToken, data: zip)
        }
        #expect(response.status == .created, "\(response.text)")
    }

    @Test(arguments: ["dotnet-isolated", "java"])
    func runtimesWithoutAWorkerAreRefused(_ runtime: String) async throws {
        let (instance, activeID) = try await DeploymentValidationTests().deployedInstance()
        let app = try await instance.app("orders")
        // Set before Hearth refused such settings (the settings API refuses it now).
        try await instance.store.putSettings(appID: app.id, [Self.runtime(runtime)])
        let zip = try ZipBuilder.zip(SampleApps.two)
        let response = try await instance.test { [adminToken = instance.adminToken] client in
            try await client.call(.post, "/api/apps/orders/deployments", token: adminToken, data: zip)
        }
        #expect(response.status == .unprocessableContent)
        #expect(response.errorCode == "validation_failed")
        #expect(response.errorMessage.contains("the active deployment keeps serving"))
        let detail = try #require(response.errorDetails.first)
        #expect(detail["file"] == "app settings")
        #expect(detail["path"] == "FUNCTIONS_WORKER_RUNTIME")
        #expect(detail["problem"]?.contains("'\(runtime)'") == true)
        #expect(detail["problem"]?.contains("Hearth runs python, node and custom handler apps") == true)
        #expect(try await instance.app("orders").activeDeploymentID == activeID)
        #expect(try await instance.store.deployments(appID: app.id).count == 1)
        #expect(try await instance.store.package(sha256: SHA256Hex.of(zip)) == nil)
    }

    @Test func aCustomHandlerRunsWhateverTheRuntimeSetting() async throws {
        let (instance, _) = try await DeploymentValidationTests().deployedInstance()
        let app = try await instance.app("orders")
        try await instance.store.putSettings(appID: app.id, [Self.runtime("dotnet-isolated")])
        var files = SampleApps.hello
        files["host.json"] = #"{"version": "2.0", "customHandler": {"description": {"defaultExecutablePath": "handler"}}}"#
        files["handler"] = "#!/bin/sh"
        let zip = try ZipBuilder.zip(files)
        let response = try await instance.test { [adminToken = instance.adminToken] client in
            try await client.call(.post, "/api/apps/orders/deployments", token: adminToken, data: zip)
        }
        #expect(response.status == .created, "\(response.text)")
    }

    // MARK: Settings

    @Test func theSettingsAPIRefusesARuntimeWithoutAWorker() async throws {
        let instance = try await TestInstance()
        let app = try await instance.seedApp()
        try await instance.store.putSettings(appID: app.id, [Self.runtime("python")])
        try await instance.test { [adminToken = instance.adminToken] client in
            let put = try await client.call(
                .put,
                "/api/apps/orders/settings/FUNCTIONS_WORKER_RUNTIME",
                token: adminToken,
                json: #"{"value": "dotnet-isolated"}"#
            )
            #expect(put.status == .unprocessableContent)
            #expect(put.errorCode == "validation_failed")
            #expect(put.errorMessage.contains("'dotnet-isolated'"))
            #expect(put.errorMessage.contains("Hearth runs python, node and custom handler apps"))
            let both = #"{"FUNCTIONS_WORKER_RUNTIME": "java", "MODE": "x"}"#
            let merge = try await client.call(.put, "/api/apps/orders/settings", token: adminToken, json: both)
            #expect(merge.status == .unprocessableContent)
            #expect(merge.errorMessage.contains("'java'"))
            let node = try await client.call(
                .put,
                "/api/apps/orders/settings/FUNCTIONS_WORKER_RUNTIME",
                token: adminToken,
                json: #"{"value": "node"}"#
            )
            #expect(node.status == .ok)
        }
        let stored = try await instance.store.settings(appID: app.id)
        #expect(stored.map(\.name) == ["FUNCTIONS_WORKER_RUNTIME"])
        #expect(stored.first?.value == "node")
    }

    // MARK: Kudu

    @Test func kuduZipDeployRefusesTriggersHearthDoesNotRun() async throws {
        let record = try await KuduTests().refused(try ZipBuilder.zip(Self.withTrigger("blobTrigger")))
        #expect((record["logText"] as? String)?.contains("'blobTrigger'") == true)
        #expect((record["logText"] as? String)?.contains("httpTrigger, timerTrigger or queueTrigger") == true)
    }
}
