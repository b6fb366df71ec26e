package import Foundation
package import HearthCore

extension SQLServerStore {
    package func putPackage(sha256: String, content: Data) async throws {
        try await write("package", idempotent: true) { c in
            _ = try c.execute(
                SQLServerStatements.insertPackage.sql,
                [
                    "sha256": .string(sha256), "size": .int64(Int64(content.count)), "content": .bytes(content), "created_at": .time(Date()),
                ]
            )
        }
    }

    package func package(sha256: String) async throws -> Data? {
        try await read("package") { c in try c.execute(SQLServerStatements.selectPackage.sql, ["sha256": .string(sha256)]).firstRow?.bytes("content")
        }
    }

    package func createDeployment(_ deployment: Deployment) async throws {
        try await write("deployment") { c in try Self.insert(deployment, c) }
    }

    package func createDeployment(_ deployment: Deployment, applying settings: [AppSetting]) async throws {
        let keyring = self.keyring
        try await write("deployment") { c in
            try Self.insert(deployment, c)
            if !settings.isEmpty {
                try Self.upsert(try Self.seal(settings, appID: deployment.appID, keyring: keyring, c), appID: deployment.appID, c)
            }
        }
    }

    package func updateDeployment(_ deployment: Deployment) async throws {
        try await write("deployment", idempotent: true) { c in try Self.update(deployment, c) }
    }

    package func updateDeployment(_ deployment: Deployment, applying settings: [AppSetting]) async throws {
        let keyring = self.keyring
        try await write("deployment", idempotent: true) { c in
            try Self.update(deployment, c)
            if !settings.isEmpty {
                try Self.upsert(try Self.seal(settings, appID: deployment.appID, keyring: keyring, c), appID: deployment.appID, c)
            }
        }
    }

    private static func insert(_ deployment: Deployment, _ c: TDSConnection) throws {
        _ = try c.execute(SQLServerStatements.insertDeployment.sql, Self.deploymentParameters(deployment))
    }

    private static func update(_ deployment: Deployment, _ c: TDSConnection) throws {
        var parameters = Self.deploymentParameters(deployment)
        parameters.removeAll { ["app_id", "created_at"].contains($0.0) }
        guard SQLRow.affected(try c.execute(SQLServerStatements.updateDeployment.sql, parameters)) == 1 else {
            throw StoreError(.notFound, "deployment \(deployment.id) does not exist")
        }
    }

    package func deployments(appID: UUID) async throws -> [Deployment] {
        try await read("deployments") { c in
            try c.execute(SQLServerStatements.selectDeploymentsOfApp.sql, ["app_id": .uuid(appID)]).rows.map(Self.deployment)
        }
    }

    package func deployment(id: UUID) async throws -> Deployment? {
        try await read("deployment") { c in try c.execute(SQLServerStatements.selectDeployment.sql, ["id": .uuid(id)]).firstRow.map(Self.deployment) }
    }

    package func activateDeployment(appID: UUID, deploymentID: UUID) async throws {
        _ = try await activate(appID: appID, deploymentID: deploymentID, replacing: nil)
    }

    package func activateDeployment(appID: UUID, deploymentID: UUID, replacing expected: UUID) async throws -> Bool {
        try await activate(appID: appID, deploymentID: deploymentID, replacing: expected)
    }

    /// Activates a succeeded deployment, unconditionally (`expected` nil) or only while `expected` serves.
    private func activate(appID: UUID, deploymentID: UUID, replacing expected: UUID?) async throws -> Bool {
        // A compare-and-set is not retried after a lost connection: its first run may have switched.
        try await write("deployment", idempotent: expected == nil) { c in
            guard let row = try c.execute(SQLServerStatements.selectDeploymentForActivation.sql, ["id": .uuid(deploymentID)]).firstRow else {
                throw StoreError(.notFound, "deployment \(deploymentID) does not exist")
            }
            guard row.uuid("app_id") == appID else {
                throw StoreError(.invalidState, "deployment \(deploymentID) belongs to another app")
            }
            let status = row.string("status") ?? ""
            guard status == Deployment.Status.succeeded.rawValue else {
                throw StoreError(.invalidState, "deployment \(deploymentID) has status '\(status)'; only a succeeded deployment can be activated")
            }
            if let expected {
                let parameters: KeyValuePairs<String, SQLValue> = [
                    "deployment_id": .uuid(deploymentID), "app_id": .uuid(appID), "expected": .uuid(expected),
                ]
                guard SQLRow.affected(try c.execute(SQLServerStatements.updateActiveDeploymentIfExpected.sql, parameters)) > 0 else { return false }
            } else {
                _ = try c.execute(SQLServerStatements.updateActiveDeployment.sql, ["deployment_id": .uuid(deploymentID), "app_id": .uuid(appID)])
            }
            _ = try c.execute(SQLServerStatements.bumpChangeCounter.sql)
            return true
        }
    }

    static func deploymentParameters(_ d: Deployment) -> [(String, SQLValue)] {
        [
            ("id", .uuid(d.id)), ("app_id", .uuid(d.appID)), ("package_sha256", .string(d.packageSHA256)),
            ("package_size", .int64(Int64(d.packageSize))), ("status", .string(d.status.rawValue)), ("message", .string(d.message)),
            ("author", .string(d.author)), ("function_names", .string(JSONColumn.encode(d.functionNames))),
            ("log", .string(JSONColumn.encode(d.log))), ("created_at", .time(d.createdAt)), ("completed_at", .time(d.completedAt)),
            ("original_package_sha256", .string(d.originalPackageSHA256)),
        ]
    }

    static func deployment(_ row: SQLRow) throws -> Deployment {
        var deployment = Deployment(
            id: try row.requiredUUID("id"),
            appID: try row.requiredUUID("app_id"),
            packageSHA256: try row.requiredString("package_sha256"),
            packageSize: row.int("package_size") ?? 0,
            status: Deployment.Status(rawValue: row.string("status") ?? "") ?? .failed,
            message: row.string("message"),
            author: row.string("author"),
            functionNames: JSONColumn.decode(row.string("function_names")),
            log: JSONColumn.decode(row.string("log")),
            createdAt: try row.requiredDate("created_at"),
            completedAt: row.date("completed_at")
        )
        deployment.originalPackageSHA256 = row.string("original_package_sha256")
        return deployment
    }
}
