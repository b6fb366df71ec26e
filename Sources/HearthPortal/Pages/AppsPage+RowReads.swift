import Foundation
import HearthCore
import HearthStore

extension AppsPage {
    /// What the rows of one page of the apps list read from the store: one query of each kind for
    /// the whole page (settings, reported statuses, serving deployments), never one per row.
    struct RowReads {
        var settings: [UUID: [AppSetting]]
        var statuses: [UUID: AppStatus]
        var deployments: [UUID: Deployment]

        init(store: any ManagementStore, apps: [AppRecord]) async throws {
            let ids = apps.map(\.id)
            settings = try await store.settings(appIDs: ids)
            statuses = try await store.appStatuses(appIDs: ids)
            // Only apps that serve a deployment can have one: a page of new apps makes no query.
            let deployed = apps.filter { $0.activeDeploymentID != nil }.map(\.id)
            deployments = try await store.activeDeployments(appIDs: deployed)
        }
    }
}
