import Foundation
import HearthCore
import HearthStore
import Testing

/// The reads of many apps at once that the portal's apps list makes
/// (``ManagementStore/settings(appIDs:)``, ``ManagementStore/appStatuses(appIDs:)``,
/// ``ManagementStore/activeDeployments(appIDs:)``), on every configured backend: each answers what
/// the one-app read answers, for every app asked about, and leaves out the apps with nothing.
@Suite struct AppsListReadsContractTests {
    @Test(.enabled(if: StoreBackend.sqlServerConfigured, StoreBackend.sqlServerSkipped))
    func sqlServerIsAmongTheBackends() {
        #expect(StoreBackend.configured.map(\.name) == ["SQLite", "SQL Server"])
    }

    @Test(arguments: StoreBackend.configured)
    func settingsOfManyAppsAreEachAppsOwnOrderedByNameWithSecretsOpened(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            let first = try await f.app("first")
            let second = try await f.app("second")
            let bare = try await f.app("bare")
            try await store.putSettings(
                appID: first.id,
                [
                    AppSetting(name: "ZED", value: "last", isSecret: false),
                    AppSetting(name: "FUNCTIONS_WORKER_RUNTIME", value: "node", isSecret: false),
                    AppSetting(name: "DB_PASSWORD", value: "s3cret", isSecret: true),
                ]
            )
            try await store.putSettings(appID: second.id, [AppSetting(name: "FUNCTIONS_WORKER_RUNTIME", value: "python", isSecret: false)])

            let settings = try await store.settings(appIDs: [first.id, second.id, bare.id, UUID()])
            #expect(settings[first.id]?.map(\.name) == ["DB_PASSWORD", "FUNCTIONS_WORKER_RUNTIME", "ZED"])
            #expect(settings[first.id]?.first?.value == "s3cret" && settings[first.id]?.first?.isSecret == true)
            #expect(settings[first.id] == (try await store.settings(appID: first.id)))
            #expect(settings[second.id] == (try await store.settings(appID: second.id)))
            #expect(settings[bare.id] == nil)
            #expect(settings.count == 2)
            #expect(try await store.settings(appIDs: []).isEmpty)
            #expect(try await store.settings(appIDs: [second.id]).keys.sorted { $0.uuidString < $1.uuidString } == [second.id])
        }
    }

    @Test(arguments: StoreBackend.configured)
    func statusesOfManyAppsLeaveOutAppsWithoutAReport(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store = f.store
            let ready = try await f.app("ready")
            let failed = try await f.app("failed")
            let silent = try await f.app("silent")
            try await store.setAppStatus(appID: ready.id, AppStatus(state: "ready", workerID: "w1"))
            try await store.setAppStatus(appID: failed.id, AppStatus(state: "failed", reason: "no host.json", workerID: "w2"))

            let statuses = try await store.appStatuses(appIDs: [ready.id, failed.id, silent.id, UUID()])
            #expect(statuses.count == 2)
            #expect(statuses[ready.id] == (try await store.appStatus(appID: ready.id)))
            #expect(statuses[failed.id]?.state == "failed" && statuses[failed.id]?.reason == "no host.json")
            #expect(statuses[failed.id]?.workerID == "w2")
            #expect(statuses[silent.id] == nil)
            #expect(try await store.appStatuses(appIDs: []).isEmpty)
        }
    }

    @Test(arguments: StoreBackend.configured)
    func activeDeploymentsOfManyAppsAreTheServingOnesByApp(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            let served = try await f.app("served")
            let rolledBack = try await f.app("rolled-back")
            let undeployed = try await f.app("undeployed")
            try await store.putPackage(sha256: "zip-a", content: Data("a".utf8))
            try await store.putPackage(sha256: "zip-b", content: Data("b".utf8))
            let old = Deployment(appID: rolledBack.id, packageSHA256: "zip-a", packageSize: 1, status: .succeeded, author: "ann")
            let new = Deployment(appID: rolledBack.id, packageSHA256: "zip-b", packageSize: 1, status: .succeeded, author: "bob")
            let only = Deployment(appID: served.id, packageSHA256: "zip-b", packageSize: 1, status: .succeeded, author: "cy")
            let waiting = Deployment(appID: undeployed.id, packageSHA256: "zip-a", packageSize: 1, status: .succeeded)
            for deployment in [old, new, only, waiting] { try await store.createDeployment(deployment) }
            try await store.activateDeployment(appID: rolledBack.id, deploymentID: new.id)
            try await store.activateDeployment(appID: rolledBack.id, deploymentID: old.id)
            try await store.activateDeployment(appID: served.id, deploymentID: only.id)

            let active = try await store.activeDeployments(appIDs: [served.id, rolledBack.id, undeployed.id, UUID()])
            #expect(active.count == 2)
            #expect(active[rolledBack.id]?.id == old.id && active[rolledBack.id]?.author == "ann")
            #expect(active[served.id] == (try await store.deployment(id: only.id)))
            #expect(active[undeployed.id] == nil)
            #expect(try await store.activeDeployments(appIDs: []).isEmpty)
        }
    }
}
