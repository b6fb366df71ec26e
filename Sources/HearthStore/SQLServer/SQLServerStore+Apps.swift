package import Foundation
package import HearthCore

extension SQLServerStore {
    package func createApp(_ app: AppRecord) async throws {
        try await write("app '\(app.name)'") { c in
            _ = try c.execute(
                SQLServerStatements.insertApp.sql,
                [
                    "id": .uuid(app.id), "tenant_id": .uuid(app.tenantID), "name": .string(app.name),
                    "active_deployment_id": .uuid(app.activeDeploymentID), "created_at": .time(app.createdAt),
                ]
            )
            for host in Set(app.hostNames.map { $0.lowercased() }).sorted() {
                _ = try c.execute(SQLServerStatements.insertHostName.sql, ["host_name": .string(host), "app_id": .uuid(app.id)])
            }
            _ = try c.execute(SQLServerStatements.bumpChangeCounter.sql)
        }
    }

    package func apps(tenantID: UUID?) async throws -> [AppRecord] {
        try await read("apps") { c in
            let rows =
                if let tenantID {
                    try c.execute(SQLServerStatements.selectAppsOfTenant.sql, ["tenant_id": .uuid(tenantID)]).rows
                } else {
                    try c.execute(SQLServerStatements.selectApps.sql).rows
                }
            var hosts: [UUID: [String]] = [:]
            for row in try c.execute(SQLServerStatements.selectAllHostNames.sql).rows {
                hosts[try row.requiredUUID("app_id"), default: []].append(try row.requiredString("host_name"))
            }
            return try rows.map { row in try Self.app(row, hostNames: hosts[try row.requiredUUID("id")] ?? []) }
        }
    }

    package func app(named name: String) async throws -> AppRecord? {
        try await read("app") { c in try Self.fetchApp(c, SQLServerStatements.selectAppByName, ["name": .string(name)]) }
    }

    package func app(id: UUID) async throws -> AppRecord? {
        try await read("app") { c in try Self.fetchApp(c, SQLServerStatements.selectAppByID, ["id": .uuid(id)]) }
    }

    package func app(hostName: String) async throws -> AppRecord? {
        try await read("app") { c in try Self.fetchApp(c, SQLServerStatements.selectAppByHostName, ["host_name": .string(hostName.lowercased())]) }
    }

    package func setHostNames(appID: UUID, _ hostNames: [String]) async throws {
        try await write("host name") { c in
            _ = try c.execute(SQLServerStatements.deleteHostNamesOfApp.sql, ["app_id": .uuid(appID)])
            for host in Set(hostNames.map { $0.lowercased() }).sorted() {
                // A disabled name (another app's, kept with its reason) goes to the app that may now claim it.
                _ = try c.execute(SQLServerStatements.deleteDisabledHostName.sql, ["host_name": .string(host)])
                _ = try c.execute(SQLServerStatements.insertHostName.sql, ["host_name": .string(host), "app_id": .uuid(appID)])
            }
            _ = try c.execute(SQLServerStatements.bumpChangeCounter.sql)
        }
    }

    package func disableHostName(_ hostName: String, reason: String) async throws -> Bool {
        try await write("host name", idempotent: true) { c in
            let changed =
                SQLRow.affected(
                    try c.execute(SQLServerStatements.disableHostName.sql, ["reason": .string(reason), "host_name": .string(hostName.lowercased())])
                ) > 0
            if changed { _ = try c.execute(SQLServerStatements.bumpChangeCounter.sql) }
            return changed
        }
    }

    package func disabledHostNames(appID: UUID?) async throws -> [DisabledHostName] {
        try await read("disabled host names") { c in
            let rows =
                if let appID {
                    try c.execute(SQLServerStatements.selectDisabledHostNamesOfApp.sql, ["app_id": .uuid(appID)]).rows
                } else {
                    try c.execute(SQLServerStatements.selectDisabledHostNames.sql).rows
                }
            return try rows.map {
                DisabledHostName(
                    hostName: try $0.requiredString("host_name"),
                    appID: try $0.requiredUUID("app_id"),
                    reason: try $0.requiredString("disabled_reason")
                )
            }
        }
    }

    package func deleteApp(id: UUID) async throws -> Bool {
        try await write("app", idempotent: true) { c in
            let deleted = SQLRow.affected(try c.execute(SQLServerStatements.deleteApp.sql, ["id": .uuid(id)])) > 0
            if deleted {
                // Packages no deployment refers to any more are garbage.
                _ = try c.execute(SQLServerStatements.deleteUnreferencedPackages.sql, ["keep_sha256": .string(Deployment.noPackageSHA256)])
                _ = try c.execute(SQLServerStatements.bumpChangeCounter.sql)
            }
            return deleted
        }
    }

    package func setAppStatus(appID: UUID, _ status: AppStatus) async throws {
        try await write("app status", idempotent: true) { c in
            _ = try c.execute(
                SQLServerStatements.updateAppStatus.sql,
                [
                    "state": .string(status.state), "reason": .string(status.reason), "worker_id": .string(status.workerID),
                    "updated_at": .time(status.updatedAt), "id": .uuid(appID),
                ]
            )
        }
    }

    package func appStatus(appID: UUID) async throws -> AppStatus? {
        try await read("app status") { c in
            guard let row = try c.execute(SQLServerStatements.selectAppStatus.sql, ["id": .uuid(appID)]).firstRow,
                let state = row.string("status_state")
            else { return nil }
            return AppStatus(
                state: state,
                reason: row.string("status_reason"),
                workerID: row.string("status_worker_id"),
                updatedAt: row.date("status_updated_at") ?? Date(timeIntervalSince1970: 0)
            )
        }
    }

    static func fetchApp(_ c: TDSConnection, _ statement: SQLStatement, _ parameters: KeyValuePairs<String, SQLValue>) throws -> AppRecord? {
        guard let row = try c.execute(statement.sql, parameters).firstRow else { return nil }
        let id = try row.requiredUUID("id")
        let hosts = try c.execute(SQLServerStatements.selectHostNamesOfApp.sql, ["app_id": .uuid(id)]).rows.map { try $0.requiredString("host_name") }
        return try app(row, hostNames: hosts)
    }

    static func app(_ row: SQLRow, hostNames: [String]) throws -> AppRecord {
        AppRecord(
            id: try row.requiredUUID("id"),
            tenantID: try row.requiredUUID("tenant_id"),
            name: try row.requiredString("name"),
            activeDeploymentID: row.uuid("active_deployment_id"),
            hostNames: hostNames,
            createdAt: try row.requiredDate("created_at")
        )
    }
}
