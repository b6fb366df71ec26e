package import Foundation
package import HearthCore

/// The reads of many apps at once (the portal's apps list renders a page of rows with one query
/// of each kind): the ids go in as one JSON text parameter, opened with `OPENJSON`, so any number
/// of them is one request of one parameter.
extension SQLServerStore {
    package func settings(appIDs: [UUID]) async throws -> [UUID: [AppSetting]] {
        guard !appIDs.isEmpty else { return [:] }
        let ids = UUIDList.json(appIDs)
        let keyring = self.keyring
        return try await read("settings") { c in
            var settings: [UUID: [AppSetting]] = [:]
            var openers: [UUID: AppSecretOpener<SQLServerAppKeyRows>] = [:]
            for row in try c.execute(SQLServerStatements.selectSettingsOfApps.sql, ["app_ids": .string(ids)]).rows {
                let appID = try row.requiredUUID("app_id")
                let name = try row.requiredString("name")
                let raw = try row.required(row.bytes("value"), "value")
                let secret = row.bool("is_secret") ?? false
                var value = String(decoding: raw, as: UTF8.self)
                if secret {
                    var opener = openers[appID] ?? keyring.opener(appID: appID, SQLServerAppKeyRows(c: c))
                    value = try opener.openString(raw, context: SQLiteStore.settingContext(appID, name))
                    openers[appID] = opener
                }
                settings[appID, default: []].append(
                    AppSetting(name: name, value: value, isSecret: secret, updatedAt: try row.requiredDate("updated_at"))
                )
            }
            return settings
        }
    }

    package func appStatuses(appIDs: [UUID]) async throws -> [UUID: AppStatus] {
        guard !appIDs.isEmpty else { return [:] }
        let ids = UUIDList.json(appIDs)
        return try await read("app status") { c in
            var statuses: [UUID: AppStatus] = [:]
            for row in try c.execute(SQLServerStatements.selectAppStatuses.sql, ["app_ids": .string(ids)]).rows {
                guard let state = row.string("status_state") else { continue }
                statuses[try row.requiredUUID("id")] = AppStatus(
                    state: state,
                    reason: row.string("status_reason"),
                    workerID: row.string("status_worker_id"),
                    updatedAt: row.date("status_updated_at") ?? Date(timeIntervalSince1970: 0)
                )
            }
            return statuses
        }
    }

    package func activeDeployments(appIDs: [UUID]) async throws -> [UUID: Deployment] {
        guard !appIDs.isEmpty else { return [:] }
        let ids = UUIDList.json(appIDs)
        return try await read("deployments") { c in
            let deployments = try c.execute(SQLServerStatements.selectActiveDeployments.sql, ["app_ids": .string(ids)]).rows.map(Self.deployment)
            // Activation checks the deployment is the app's own, so its app_id names the app it serves.
            return Dictionary(deployments.map { ($0.appID, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }
}
