import Foundation
import HearthCore
import HearthStore
import Testing

/// A deployment that serves an upgraded package keeps the original's digest, and records the settings
/// the upgrade implies in the same transaction (migration 0010), on every configured backend.
@Suite struct DeploymentOriginalPackageContractTests {
    @Test(.enabled(if: StoreBackend.sqlServerConfigured, StoreBackend.sqlServerSkipped))
    func sqlServerIsAmongTheBackends() {
        #expect(StoreBackend.configured.map(\.name) == ["SQLite", "SQL Server"])
    }

    static let implied = [
        AppSetting(name: "FUNCTIONS_WORKER_RUNTIME", value: "node", isSecret: false),
        AppSetting(name: "AzureWebJobs.Nightly.Disabled", value: "true", isSecret: false),
    ]

    @Test(arguments: StoreBackend.configured)
    func aDeploymentKeepsItsOriginalAndGetsItsSettingsInOneGo(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            let app = try await f.app("orders")
            try await store.putPackage(sha256: "upgraded", content: Data("u".utf8))
            try await store.putPackage(sha256: "original", content: Data("o".utf8))
            var deployment = Deployment(appID: app.id, packageSHA256: "upgraded", packageSize: 1, status: .succeeded)
            deployment.originalPackageSHA256 = "original"
            let before = try await f.store.changeVersion()
            try await store.createDeployment(deployment, applying: Self.implied)
            #expect(try await f.store.changeVersion() > before)
            #expect(try await store.deployment(id: deployment.id)?.originalPackageSHA256 == "original")
            #expect(try await store.deployments(appID: app.id).first?.originalPackageSHA256 == "original")
            let values = Dictionary(uniqueKeysWithValues: try await store.settings(appID: app.id).map { ($0.name, $0.value) })
            #expect(values == ["FUNCTIONS_WORKER_RUNTIME": "node", "AzureWebJobs.Nightly.Disabled": "true"])
            // A plain deployment has none, and an update writes it.
            var plain = Deployment(appID: app.id, packageSHA256: "upgraded", packageSize: 1, status: .pending)
            try await store.createDeployment(plain, applying: [])
            #expect(try await store.deployment(id: plain.id)?.originalPackageSHA256 == nil)
            plain.originalPackageSHA256 = "original"
            plain.status = .succeeded
            try await store.updateDeployment(plain, applying: [AppSetting(name: "FUNCTIONS_EXTENSION_VERSION", value: "~4", isSecret: false)])
            #expect(try await store.deployment(id: plain.id)?.originalPackageSHA256 == "original")
            #expect(try await store.settings(appID: app.id).contains { $0.name == "FUNCTIONS_EXTENSION_VERSION" && $0.value == "~4" })
        }
    }

    @Test(arguments: StoreBackend.configured)
    func aRefusedDeploymentAppliesNoSetting(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            let app = try await f.app("orders")
            try await store.putPackage(sha256: "upgraded", content: Data("u".utf8))
            // The original is not stored: the record is refused, and the settings with it.
            var deployment = Deployment(appID: app.id, packageSHA256: "upgraded", packageSize: 1, status: .succeeded)
            deployment.originalPackageSHA256 = "never-stored"
            try await expectStoreError(.notFound) { try await store.createDeployment(deployment, applying: Self.implied) }
            #expect(try await store.deployments(appID: app.id).isEmpty)
            #expect(try await store.settings(appID: app.id).isEmpty)
            // Updating a deployment that does not exist applies nothing either.
            let unknown = Deployment(appID: app.id, packageSHA256: "upgraded", packageSize: 1, status: .succeeded)
            try await expectStoreError(.notFound) { try await store.updateDeployment(unknown, applying: Self.implied) }
            #expect(try await store.settings(appID: app.id).isEmpty)
        }
    }

    @Test(arguments: StoreBackend.configured)
    func deletingAnAppKeepsOriginalsOtherDeploymentsReferTo(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            let doomed = try await f.app("doomed")
            let kept = try await f.app("kept")
            for sha in ["doomed-upgraded", "doomed-original", "kept-upgraded", "shared-original"] {
                try await store.putPackage(sha256: sha, content: Data(sha.utf8))
            }
            var gone = Deployment(appID: doomed.id, packageSHA256: "doomed-upgraded", packageSize: 1, status: .succeeded)
            gone.originalPackageSHA256 = "doomed-original"
            try await store.createDeployment(gone, applying: [])
            var other = Deployment(appID: doomed.id, packageSHA256: "doomed-upgraded", packageSize: 1, status: .succeeded)
            other.originalPackageSHA256 = "shared-original"
            try await store.createDeployment(other, applying: [])
            var stays = Deployment(appID: kept.id, packageSHA256: "kept-upgraded", packageSize: 1, status: .succeeded)
            stays.originalPackageSHA256 = "shared-original"
            try await store.createDeployment(stays, applying: [])

            #expect(try await store.deleteApp(id: doomed.id))
            #expect(try await store.package(sha256: "doomed-upgraded") == nil)
            #expect(try await store.package(sha256: "doomed-original") == nil)
            #expect(try await store.package(sha256: "shared-original") == Data("shared-original".utf8))
            #expect(try await store.package(sha256: "kept-upgraded") == Data("kept-upgraded".utf8))
        }
    }
}
