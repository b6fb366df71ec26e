package import Foundation
import GRDB
package import HearthCore

extension SQLiteStore {
    package func createApp(_ app: AppRecord) async throws {
        try await write("app '\(app.name)'") { db in
            try db.execute(
                sql: "INSERT INTO apps (id, tenant_id, name, active_deployment_id, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    app.id.uuidString, app.tenantID.uuidString, app.name, app.activeDeploymentID?.uuidString,
                    app.createdAt.millisecondsSince1970,
                ]
            )
            for host in app.hostNames {
                try db.execute(
                    sql: "INSERT INTO app_host_names (host_name, app_id) VALUES (?, ?)",
                    arguments: [host.lowercased(), app.id.uuidString]
                )
            }
            try Self.bump(db)
        }
    }

    package func apps(tenantID: UUID?) async throws -> [AppRecord] {
        try await read { db in
            let rows: [Row]
            if let tenantID {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM apps WHERE tenant_id = ? ORDER BY name", arguments: [tenantID.uuidString])
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM apps ORDER BY name")
            }
            let hosts = try Self.hostNamesByApp(db)
            return rows.map { Self.app($0, hostNames: hosts[$0["id"] as String] ?? []) }
        }
    }

    package func app(named name: String) async throws -> AppRecord? {
        try await read { db in try Self.fetchApp(db, sql: "SELECT * FROM apps WHERE name = ?", [name]) }
    }

    package func app(id: UUID) async throws -> AppRecord? {
        try await read { db in try Self.fetchApp(db, sql: "SELECT * FROM apps WHERE id = ?", [id.uuidString]) }
    }

    package func app(hostName: String) async throws -> AppRecord? {
        try await read { db in
            try Self.fetchApp(
                db,
                sql: "SELECT apps.* FROM apps JOIN app_host_names h ON h.app_id = apps.id WHERE h.host_name = ? AND h.disabled_reason IS NULL",
                [hostName.lowercased()]
            )
        }
    }

    package func setHostNames(appID: UUID, _ hostNames: [String]) async throws {
        try await write("host name") { db in
            try db.execute(sql: "DELETE FROM app_host_names WHERE app_id = ?", arguments: [appID.uuidString])
            for host in Set(hostNames.map { $0.lowercased() }).sorted() {
                // A disabled name (another app's, kept with its reason) goes to the app that may now claim it.
                try db.execute(sql: "DELETE FROM app_host_names WHERE host_name = ? AND disabled_reason IS NOT NULL", arguments: [host])
                try db.execute(sql: "INSERT INTO app_host_names (host_name, app_id) VALUES (?, ?)", arguments: [host, appID.uuidString])
            }
            try Self.bump(db)
        }
    }

    package func disableHostName(_ hostName: String, reason: String) async throws -> Bool {
        try await write("host name") { db in
            try db.execute(sql: "UPDATE app_host_names SET disabled_reason = ? WHERE host_name = ?", arguments: [reason, hostName.lowercased()])
            let changed = db.changesCount > 0
            if changed { try Self.bump(db) }
            return changed
        }
    }

    package func disabledHostNames(appID: UUID?) async throws -> [DisabledHostName] {
        try await read { db in
            let rows =
                if let appID {
                    try Row.fetchAll(
                        db,
                        sql: "SELECT * FROM app_host_names WHERE disabled_reason IS NOT NULL AND app_id = ? ORDER BY host_name",
                        arguments: [appID.uuidString]
                    )
                } else {
                    try Row.fetchAll(db, sql: "SELECT * FROM app_host_names WHERE disabled_reason IS NOT NULL ORDER BY host_name")
                }
            return rows.map { DisabledHostName(hostName: $0["host_name"], appID: UUID(uuidString: $0["app_id"])!, reason: $0["disabled_reason"]) }
        }
    }

    package func deleteApp(id: UUID) async throws -> Bool {
        try await write("app") { db in
            try db.execute(sql: "DELETE FROM apps WHERE id = ?", arguments: [id.uuidString])
            let deleted = db.changesCount > 0
            if deleted {
                // Packages no deployment refers to any more are garbage.
                try db.execute(
                    sql: """
                        DELETE FROM packages WHERE sha256 NOT IN (SELECT package_sha256 FROM deployments)
                            AND sha256 NOT IN (SELECT original_package_sha256 FROM deployments WHERE original_package_sha256 IS NOT NULL)
                            AND sha256 <> ?
                        """,
                    arguments: [Deployment.noPackageSHA256]
                )
                try Self.bump(db)
            }
            return deleted
        }
    }

    package func setAppStatus(appID: UUID, _ status: AppStatus) async throws {
        try await write("app status") { db in
            try db.execute(
                sql: "UPDATE apps SET status_state = ?, status_reason = ?, status_worker_id = ?, status_updated_at = ? WHERE id = ?",
                arguments: [status.state, status.reason, status.workerID, status.updatedAt.millisecondsSince1970, appID.uuidString]
            )
        }
    }

    package func appStatus(appID: UUID) async throws -> AppStatus? {
        try await read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: "SELECT status_state, status_reason, status_worker_id, status_updated_at FROM apps WHERE id = ?",
                    arguments: [appID.uuidString]
                ),
                let state = row["status_state"] as String?
            else { return nil }
            return AppStatus(
                state: state,
                reason: row["status_reason"],
                workerID: row["status_worker_id"],
                updatedAt: Date(millisecondsSince1970: row["status_updated_at"] ?? 0)
            )
        }
    }

    static func fetchApp(_ db: Database, sql: String, _ arguments: StatementArguments) throws -> AppRecord? {
        guard let row = try Row.fetchOne(db, sql: sql, arguments: arguments) else { return nil }
        let id: String = row["id"]
        let hosts = try String.fetchAll(
            db,
            sql: "SELECT host_name FROM app_host_names WHERE app_id = ? AND disabled_reason IS NULL ORDER BY host_name",
            arguments: [id]
        )
        return app(row, hostNames: hosts)
    }

    static func hostNamesByApp(_ db: Database) throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT app_id, host_name FROM app_host_names WHERE disabled_reason IS NULL ORDER BY host_name") {
            result[row["app_id"], default: []].append(row["host_name"])
        }
        return result
    }

    static func app(_ row: Row, hostNames: [String]) -> AppRecord {
        AppRecord(
            id: UUID(uuidString: row["id"])!,
            tenantID: UUID(uuidString: row["tenant_id"])!,
            name: row["name"],
            activeDeploymentID: (row["active_deployment_id"] as String?).flatMap(UUID.init(uuidString:)),
            hostNames: hostNames,
            createdAt: Date(millisecondsSince1970: row["created_at"])
        )
    }
}
