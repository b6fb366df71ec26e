import Foundation
import HearthCore
import HearthManagement
import HearthPackages
import HearthStore
import Logging
import Testing

@testable import HearthPortal

/// A save made from a deployment that no longer serves (the code editor's compare-and-set, decided
/// by the store) leaves a deployment that never served and cannot be re-activated over the change
/// that went live first.
@Suite("Conflicting code saves")
struct ConflictingSaveTests {
    @Test("the losing save's deployment is marked failed, says why, and is not offered for re-activation")
    func losingSaveIsMarkedFailed() async throws {
        let instance = try await PortalTestInstance()
        let app = try await instance.seedApp("hello", tenant: "acme")
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/apps/hello-python")
        let zip = try PackageArchive.zipFolder(fixture)
        let pipeline = DeploymentPipeline(store: instance.store, configuration: ManagementConfiguration())
        let logger = Logger(label: "conflicting-save-test")
        let base = try await pipeline.deploy(zip, to: app, options: .init(author: "test"), logger: logger).deployment
        let winner = try await pipeline.deploy(zip, to: app, options: .init(author: "other"), logger: logger).deployment

        let loser = try await pipeline.deploy(zip, to: app, options: .init(author: "late", replacing: base.id), logger: logger)
        #expect(!loser.activated)
        #expect(try await instance.store.app(named: "hello")?.activeDeploymentID == winner.id)
        let stored = try #require(try await instance.store.deployments(appID: app.id).first { $0.id == loser.deployment.id })
        #expect(stored.status == .failed)
        #expect(stored.log.last?.contains("not activated: deployment \(base.id) no longer serves the app") == true, "\(stored.log)")

        // While the base still serves, the same save goes live.
        let next = try await pipeline.deploy(zip, to: app, options: .init(author: "late", replacing: winner.id), logger: logger)
        #expect(next.activated)
        #expect(try await instance.store.deployments(appID: app.id).first { $0.id == next.deployment.id }?.status == .succeeded)
    }
}
