import Foundation
import HTTPTypes
import HearthCore
import HearthStore
import Testing

@testable import HearthPortal

/// The portal's code editor deploys through the same validation as the API: a trigger or worker
/// runtime Hearth cannot run is refused (422) with what Hearth runs, and nothing is deployed.
@Suite("Portal: apps Hearth cannot run")
struct PortalUnrunnableAppTests {
    typealias Page = (status: HTTPResponse.Status, headers: HTTPFields, body: String)

    func save(_ instance: PortalTestInstance, base: UUID, file: String, content: String) async throws -> Page {
        let owner = try await instance.identity(.owner, tenant: "acme")
        return try await instance.test(as: owner) { client in
            try await client.form(
                "/apps/orders/code",
                [("csrf", PortalTestInstance.csrf), ("base", base.uuidString.lowercased()), ("file", file), ("content", content)]
            )
        }
    }

    func expectNothingDeployed(_ instance: PortalTestInstance, base: UUID) async throws {
        let app = try #require(try await instance.store.app(named: "orders"))
        #expect(app.activeDeploymentID == base)
        #expect(try await instance.store.deployments(appID: app.id).count == 1)
    }

    @Test("an edit to a blob trigger is refused, naming the trigger and the triggers Hearth runs")
    func blobTrigger() async throws {
        let (instance, base) = try await PortalCodeTests.deployed()
        let blob = #"{"bindings": [{"type": "blobTrigger", "direction": "in", "name": "b", "path": "c/{name}"}]}"#
        let response = try await save(instance, base: base, file: "HttpHello/function.json", content: blob)
        #expect(response.status == .unprocessableContent)
        #expect(response.body.contains("Nothing was deployed"))
        #expect(response.body.contains("blobTrigger"))
        #expect(response.body.contains("httpTrigger, timerTrigger or queueTrigger"))
        try await expectNothingDeployed(instance, base: base)
    }

    @Test("an edit of an app whose FUNCTIONS_WORKER_RUNTIME Hearth has no worker for is refused, naming it")
    func workerRuntime() async throws {
        let (instance, base) = try await PortalCodeTests.deployed()
        let app = try #require(try await instance.store.app(named: "orders"))
        try await instance.store.putSettings(appID: app.id, [AppSetting(name: "FUNCTIONS_WORKER_RUNTIME", value: "java", isSecret: false)])
        let response = try await save(instance, base: base, file: "HttpHello/index.js", content: "module.exports = async function () {};\n")
        #expect(response.status == .unprocessableContent)
        #expect(response.body.contains("java"))
        #expect(response.body.contains("Hearth runs python, node and custom handler apps"))
        try await expectNothingDeployed(instance, base: base)
    }
}
