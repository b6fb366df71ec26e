package import Foundation
import GRDB
package import HearthCore

/// The reads of many apps at once (the portal's apps list renders a page of rows with one query
/// of each kind): the ids go in as one JSON array, opened with `json_each`.
extension SQLiteStore {
    package func settings(appIDs: [UUID]) async throws -> [UUID: [AppSetting]] {
        guard !appIDs.isEmpty else { return [:] }
        let keyring = self.keyring
        return try await read { db in
            var settings: [UUID: [AppSetting]] = [:]
            var openers: [UUID: AppSecretOpener<SQLiteAppKeyRows>] = [:]
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT app_id, name, value, is_secret, updated_at FROM app_settings
                    WHERE app_id IN (SELECT value FROM json_each(?)) ORDER BY app_id, name
                    """,
                arguments: [UUIDList.json(appIDs)]
            )
            for row in rows {
                guard let appID = UUID(uuidString: row["app_id"]) else { continue }
                let name: String = row["name"]
                let raw: Data = row["value"]
                let secret: Bool = row["is_secret"]
                var value = String(decoding: raw, as: UTF8.self)
                if secret {
                    var opener = openers[appID] ?? keyring.opener(appID: appID, SQLiteAppKeyRows(db: db))
                    value = try opener.openString(raw, context: Self.settingContext(appID, name))
                    openers[appID] = opener
                }
                settings[appID, default: []].append(
                    AppSetting(name: name, value: value, isSecret: secret, updatedAt: Date(millisecondsSince1970: row["updated_at"]))
                )
            }
            return settings
        }
    }

    package func appStatuses(appIDs: [UUID]) async throws -> [UUID: AppStatus] {
        guard !appIDs.isEmpty else { return [:] }
        return try await read { db in
            var statuses: [UUID: AppStatus] = [:]
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, status_state, status_reason, status_worker_id, status_updated_at FROM apps
                    WHERE status_state IS NOT NULL AND id IN (SELECT value FROM json_each(?))
                    """,
                arguments: [UUIDList.json(appIDs)]
            )
            for row in rows {
                guard let id = UUID(uuidString: row["id"]), let state = row["status_state"] as String? else { continue }
                statuses[id] = AppStatus(
                    state: state,
                    reason: row["status_reason"],
                    workerID: row["status_worker_id"],
                    updatedAt: Date(millisecondsSince1970: row["status_updated_at"] ?? 0)
                )
            }
            return statuses
        }
    }

    package func activeDeployments(appIDs: [UUID]) async throws -> [UUID: Deployment] {
        guard !appIDs.isEmpty else { return [:] }
        return try await read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM deployments WHERE id IN (
                        SELECT active_deployment_id FROM apps WHERE id IN (SELECT value FROM json_each(?))
                    )
                    """,
                arguments: [UUIDList.json(appIDs)]
            )
            // Activation checks the deployment is the app's own, so its app_id names the app it serves.
            return Dictionary(rows.map(Self.deployment).map { ($0.appID, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }
}
