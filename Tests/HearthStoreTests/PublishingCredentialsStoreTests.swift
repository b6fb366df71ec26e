import Foundation
import HearthCore
import HearthStore
import Testing

/// Publishing credentials: encrypted at rest, first issue wins, reset replaces, gone with the app.
@Suite struct PublishingCredentialsStoreTests {
    @Test func issueResetAndDelete() async throws {
        let f = try StoreFixture()
        defer { f.remove() }
        let app = try await f.app("pub1")
        #expect(try await f.store.publishingCredentials(appID: app.id) == nil)
        let first = PublishingCredentials(userName: "$pub1", password: "first-Password-0123456789")
        #expect(try await f.store.setPublishingCredentials(appID: app.id, first, replace: false))
        // A second first issue does not overwrite.
        let racing = PublishingCredentials(userName: "$pub1", password: "racing-Password-0123456789")
        #expect(try await f.store.setPublishingCredentials(appID: app.id, racing, replace: false) == false)
        #expect(try await f.store.publishingCredentials(appID: app.id)?.password == first.password)
        // A reset does.
        let reset = PublishingCredentials(userName: "$pub1", password: "reset-Password-0123456789")
        #expect(try await f.store.setPublishingCredentials(appID: app.id, reset, replace: true))
        let stored = try #require(try await f.store.publishingCredentials(appID: app.id))
        #expect(stored.password == reset.password)
        #expect(stored.userName == "$pub1")

        let raw = try Data(contentsOf: URL(fileURLWithPath: f.path))
        #expect(raw.range(of: Data("reset-Password-0123456789".utf8)) == nil)

        #expect(try await f.store.deleteApp(id: app.id))
        #expect(try await f.store.publishingCredentials(appID: app.id) == nil)
        await #expect(throws: StoreError.self) { try await f.store.setPublishingCredentials(appID: app.id, first, replace: true) }
    }

    @Test func queuedDeploymentGetsItsPackageWhenUpdated() async throws {
        let f = try StoreFixture()
        defer { f.remove() }
        let app = try await f.app("pub2")
        var deployment = Deployment(appID: app.id, packageSHA256: Deployment.noPackageSHA256, packageSize: 3, status: .pending)
        #expect(deployment.hasPackage == false)
        try await f.store.createDeployment(deployment)
        try await f.store.putPackage(sha256: "abc", content: Data("zip".utf8))
        deployment.packageSHA256 = "abc"
        deployment.status = .succeeded
        try await f.store.updateDeployment(deployment)
        #expect(try await f.store.deployment(id: deployment.id)?.packageSHA256 == "abc")
        // Deleting an app keeps the placeholder package other apps' records refer to.
        let other = try await f.app("pub3")
        try await f.store.createDeployment(Deployment(appID: other.id, packageSHA256: Deployment.noPackageSHA256, packageSize: 1, status: .failed))
        #expect(try await f.store.deleteApp(id: app.id))
        #expect(try await f.store.package(sha256: Deployment.noPackageSHA256) == Data())
        try await f.store.createDeployment(Deployment(appID: other.id, packageSHA256: Deployment.noPackageSHA256, packageSize: 1, status: .failed))
    }
}
