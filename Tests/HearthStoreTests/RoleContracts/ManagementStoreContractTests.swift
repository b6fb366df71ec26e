import Foundation
import HearthCore
import HearthStore
import Testing

/// ``ManagementStore``'s documented behaviour (ordering, errors, idempotence), on every configured
/// backend. Each test sees the store only as `any ManagementStore`, as HearthManagement does.
@Suite struct ManagementStoreContractTests {
    @Test(.enabled(if: StoreBackend.sqlServerConfigured, StoreBackend.sqlServerSkipped))
    func sqlServerIsAmongTheBackends() {
        #expect(StoreBackend.configured.map(\.name) == ["SQLite", "SQL Server"])
    }

    @Test(arguments: StoreBackend.configured)
    func tenantsAreListedByNameFoundByNameOrIDAndDeletedOnce(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            let beta = Tenant(name: "beta")
            let alpha = Tenant(name: "alpha")
            try await store.createTenant(beta)
            try await store.createTenant(alpha)
            #expect(try await store.tenants().map(\.name) == ["alpha", "beta"])
            #expect(try await store.tenant(named: "beta")?.id == beta.id)
            #expect(try await store.tenant(id: alpha.id)?.name == "alpha")
            #expect(try await store.tenant(named: "gamma") == nil)
            #expect(try await store.tenant(id: UUID()) == nil)
            try await expectStoreError(.conflict) { try await store.createTenant(Tenant(id: beta.id, name: "other")) }
            #expect(try await store.deleteTenant(id: beta.id))
            #expect(try await store.deleteTenant(id: beta.id) == false)
            #expect(try await store.tenants().map(\.name) == ["alpha"])
        }
    }

    @Test(arguments: StoreBackend.configured)
    func appsAreCreatedWithHostNamesAndConflictOnATakenOne(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            let first = try await f.app("first")
            let second = AppRecord(tenantID: first.tenantID, name: "second", hostNames: ["Shop.Example.COM"])
            try await store.createApp(second)
            #expect(try await store.app(hostName: "shop.example.com")?.id == second.id)
            #expect(try await store.app(named: "second")?.hostNames == ["shop.example.com"])
            let thief = AppRecord(tenantID: first.tenantID, name: "thief", hostNames: ["shop.example.com"])
            try await expectStoreError(.conflict) { try await store.createApp(thief) }
            #expect(try await store.app(named: "thief") == nil)
            #expect(try await store.app(hostName: "nowhere.example.com") == nil)
            #expect(try await store.disableHostName("nowhere.example.com", reason: "gone") == false)
            // Setting the same list again changes nothing.
            try await store.setHostNames(appID: second.id, ["shop.example.com"])
            #expect(try await store.app(id: second.id)?.hostNames == ["shop.example.com"])
        }
    }

    @Test(arguments: StoreBackend.configured)
    func deletingAnAppTakesItsDataAndOnlyItsUnreferencedPackages(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            let doomed = try await f.app("doomed")
            let kept = try await f.app("kept")
            try await store.putPackage(sha256: "doomed-zip", content: Data("d".utf8))
            try await store.putPackage(sha256: "kept-zip", content: Data("k".utf8))
            let gone = Deployment(appID: doomed.id, packageSHA256: "doomed-zip", packageSize: 1, status: .succeeded)
            try await store.createDeployment(gone)
            try await store.createDeployment(Deployment(appID: kept.id, packageSHA256: "kept-zip", packageSize: 1))
            try await store.putSettings(appID: doomed.id, [AppSetting(name: "A", value: "1", isSecret: false)])

            #expect(try await store.deleteApp(id: doomed.id))
            #expect(try await store.deleteApp(id: doomed.id) == false)
            #expect(try await store.app(id: doomed.id) == nil)
            #expect(try await store.deployment(id: gone.id) == nil)
            #expect(try await store.settings(appID: doomed.id).isEmpty)
            #expect(try await store.package(sha256: "doomed-zip") == nil)
            #expect(try await store.package(sha256: "kept-zip") == Data("k".utf8))
        }
    }

    @Test(arguments: StoreBackend.configured)
    func deploymentsAreNewestFirstAndUnknownsAreNotFound(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            let app = try await f.app()
            let other = try await f.app("other")
            try await store.putPackage(sha256: "zip", content: Data("zip".utf8))
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            let deployments = (0..<3).map {
                Deployment(
                    appID: app.id,
                    packageSHA256: "zip",
                    packageSize: 3,
                    status: .succeeded,
                    createdAt: start.addingTimeInterval(Double($0) * 60)
                )
            }
            for deployment in deployments { try await store.createDeployment(deployment) }
            #expect(try await store.deployments(appID: app.id).map(\.id) == deployments.reversed().map(\.id))
            #expect(try await store.deployments(appID: other.id).isEmpty)

            try await expectStoreError(.conflict) { try await store.createDeployment(deployments[0]) }
            try await expectStoreError(.notFound) {
                try await store.createDeployment(Deployment(appID: UUID(), packageSHA256: "zip", packageSize: 3))
            }
            try await expectStoreError(.notFound) {
                try await store.createDeployment(Deployment(appID: app.id, packageSHA256: "no-such-zip", packageSize: 3))
            }
            try await expectStoreError(.notFound) {
                try await store.updateDeployment(Deployment(appID: app.id, packageSHA256: "zip", packageSize: 3))
            }
            try await expectStoreError(.notFound) { try await store.activateDeployment(appID: app.id, deploymentID: UUID()) }
            try await expectStoreError(.invalidState) { try await store.activateDeployment(appID: other.id, deploymentID: deployments[0].id) }
            // Activating the active deployment again is harmless.
            try await store.activateDeployment(appID: app.id, deploymentID: deployments[2].id)
            try await store.activateDeployment(appID: app.id, deploymentID: deployments[2].id)
            #expect(try await store.app(id: app.id)?.activeDeploymentID == deployments[2].id)
        }
    }

    @Test(arguments: StoreBackend.configured)
    func settingsAreReplacedByNameListedByNameAndDeletedOnce(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            let app = try await f.app()
            try await store.putSettings(
                appID: app.id,
                [
                    AppSetting(name: "ZETA", value: "z", isSecret: false), AppSetting(name: "ALPHA", value: "1", isSecret: true),
                ]
            )
            let replaced = [AppSetting(name: "ALPHA", value: "2", isSecret: true)]
            try await store.putSettings(appID: app.id, replaced)
            try await store.putSettings(appID: app.id, replaced)
            let settings = try await store.settings(appID: app.id)
            #expect(settings.map(\.name) == ["ALPHA", "ZETA"])
            #expect(settings.map(\.value) == ["2", "z"])
            #expect(try await store.deleteSetting(appID: app.id, name: "ZETA"))
            #expect(try await store.deleteSetting(appID: app.id, name: "ZETA") == false)
            try await expectStoreError(.notFound) {
                try await store.putSettings(appID: UUID(), [AppSetting(name: "A", value: "1", isSecret: false)])
            }
        }
    }

    @Test(arguments: StoreBackend.configured)
    func tokensAreListedOldestFirstAndAHashIsUnique(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            let newer = APIToken(name: "newer", role: .reader, createdAt: start.addingTimeInterval(60))
            let older = APIToken(name: "older", role: .admin, createdAt: start)
            try await store.createToken(newer, secretHash: "hash-newer")
            try await store.createToken(older, secretHash: "hash-older")
            #expect(try await store.tokens().map(\.name) == ["older", "newer"])
            try await expectStoreError(.conflict) { try await store.createToken(APIToken(name: "copy", role: .reader), secretHash: "hash-newer") }
            try await expectStoreError(.notFound) {
                try await store.createToken(APIToken(name: "orphan", role: .reader, tenantID: UUID()), secretHash: "hash-orphan")
            }
            #expect(try await store.deleteToken(id: newer.id))
            #expect(try await store.deleteToken(id: newer.id) == false)
            #expect(try await store.token(secretHash: "hash-newer") == nil)
        }
    }

    @Test(arguments: StoreBackend.configured)
    func invocationsAreNewestFirstWithinTheLimitAndPruningIsIdempotent(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            let app = try await f.app()
            let start = Date(timeIntervalSinceNow: -3600)
            let records = (0..<4).map {
                InvocationRecord(
                    appID: app.id,
                    functionName: "Hello",
                    trigger: "http",
                    startedAt: start.addingTimeInterval(Double($0) * 60),
                    status: .succeeded
                )
            }
            try await f.store.writeInvocations(records)
            #expect(try await store.invocations(appID: app.id, functionName: nil, limit: 2).map(\.id) == [records[3].id, records[2].id])
            #expect(try await store.invocations(appID: app.id, functionName: "HELLO", limit: 10).count == 4)
            #expect(try await store.invocations(appID: app.id, functionName: "Other", limit: 10).isEmpty)
            #expect(try await store.invocation(id: records[1].id)?.functionName == "Hello")
            let cutoff = start.addingTimeInterval(90)
            #expect(try await store.pruneInvocations(startedBefore: cutoff) == 2)
            #expect(try await store.pruneInvocations(startedBefore: cutoff) == 0)
            #expect(try await store.invocation(id: records[1].id) == nil)
        }
    }
}

/// Expects `body` to throw a ``StoreError`` with `code`.
func expectStoreError(
    _ code: StoreError.Code,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> Void
) async throws {
    do {
        try await body()
        Issue.record("expected StoreError(\(code)), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as StoreError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
    }
}
