package import Foundation
import GRDB
package import HearthCore

extension SQLiteStore {
    package func putPackage(sha256: String, content: Data) async throws {
        try await write("package") { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO packages (sha256, size, content, created_at) VALUES (?, ?, ?, ?)",
                arguments: [sha256, content.count, content, Date().millisecondsSince1970]
            )
        }
    }

    package func package(sha256: String) async throws -> Data? {
        try await read { db in try Data.fetchOne(db, sql: "SELECT content FROM packages WHERE sha256 = ?", arguments: [sha256]) }
    }

    package func createDeployment(_ deployment: Deployment) async throws {
        try await write("deployment") { db in try Self.insert(deployment, db) }
    }

    package func createDeployment(_ deployment: Deployment, applying settings: [AppSetting]) async throws {
        let keyring = self.keyring
        try await write("deployment") { db in
            try Self.insert(deployment, db)
            if !settings.isEmpty {
                try Self.upsert(try Self.seal(settings, appID: deployment.appID, keyring: keyring, db), appID: deployment.appID, db)
            }
        }
    }

    package func updateDeployment(_ deployment: Deployment) async throws {
        try await write("deployment") { db in try Self.update(deployment, db) }
    }

    package func updateDeployment(_ deployment: Deployment, applying settings: [AppSetting]) async throws {
        let keyring = self.keyring
        try await write("deployment") { db in
            try Self.update(deployment, db)
            if !settings.isEmpty {
                try Self.upsert(try Self.seal(settings, appID: deployment.appID, keyring: keyring, db), appID: deployment.appID, db)
            }
        }
    }

    private static func insert(_ deployment: Deployment, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO deployments (id, app_id, package_sha256, package_size, status, message, author, function_names, log, created_at,
                    completed_at, original_package_sha256)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: Self.deploymentArguments(deployment)
        )
    }

    private static func update(_ deployment: Deployment, _ db: Database) throws {
        try db.execute(
            sql: """
                UPDATE deployments SET status = ?, message = ?, author = ?, function_names = ?, log = ?, completed_at = ?,
                    package_sha256 = ?, package_size = ?, original_package_sha256 = ?
                WHERE id = ?
                """,
            arguments: [
                deployment.status.rawValue, deployment.message, deployment.author, JSONColumn.encode(deployment.functionNames),
                JSONColumn.encode(deployment.log), deployment.completedAt?.millisecondsSince1970,
                deployment.packageSHA256, deployment.packageSize, deployment.originalPackageSHA256, deployment.id.uuidString,
            ]
        )
        guard db.changesCount == 1 else { throw StoreError(.notFound, "deployment \(deployment.id) does not exist") }
    }

    package func deployments(appID: UUID) async throws -> [Deployment] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM deployments WHERE app_id = ? ORDER BY created_at DESC, rowid DESC",
                arguments: [appID.uuidString]
            )
            .map(Self.deployment)
        }
    }

    package func deployment(id: UUID) async throws -> Deployment? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM deployments WHERE id = ?", arguments: [id.uuidString]).map(Self.deployment) }
    }

    package func activateDeployment(appID: UUID, deploymentID: UUID) async throws {
        _ = try await activate(appID: appID, deploymentID: deploymentID, replacing: nil)
    }

    package func activateDeployment(appID: UUID, deploymentID: UUID, replacing expected: UUID) async throws -> Bool {
        try await activate(appID: appID, deploymentID: deploymentID, replacing: expected)
    }

    /// Activates a succeeded deployment, unconditionally (`expected` nil) or only while `expected` serves.
    private func activate(appID: UUID, deploymentID: UUID, replacing expected: UUID?) async throws -> Bool {
        try await write("deployment") { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT app_id, status FROM deployments WHERE id = ?", arguments: [deploymentID.uuidString])
            else {
                throw StoreError(.notFound, "deployment \(deploymentID) does not exist")
            }
            guard (row["app_id"] as String) == appID.uuidString else {
                throw StoreError(.invalidState, "deployment \(deploymentID) belongs to another app")
            }
            guard (row["status"] as String) == Deployment.Status.succeeded.rawValue else {
                throw StoreError(
                    .invalidState,
                    "deployment \(deploymentID) has status '\(row["status"] as String)'; only a succeeded deployment can be activated"
                )
            }
            if let expected {
                try db.execute(
                    sql: "UPDATE apps SET active_deployment_id = ? WHERE id = ? AND active_deployment_id = ?",
                    arguments: [deploymentID.uuidString, appID.uuidString, expected.uuidString]
                )
                guard db.changesCount > 0 else { return false }
            } else {
                try db.execute(sql: "UPDATE apps SET active_deployment_id = ? WHERE id = ?", arguments: [deploymentID.uuidString, appID.uuidString])
            }
            try Self.bump(db)
            return true
        }
    }

    static func deploymentArguments(_ d: Deployment) -> StatementArguments {
        [
            d.id.uuidString, d.appID.uuidString, d.packageSHA256, d.packageSize, d.status.rawValue, d.message, d.author,
            JSONColumn.encode(d.functionNames), JSONColumn.encode(d.log), d.createdAt.millisecondsSince1970, d.completedAt?.millisecondsSince1970,
            d.originalPackageSHA256,
        ]
    }

    static func deployment(_ row: Row) -> Deployment {
        var deployment = Deployment(
            id: UUID(uuidString: row["id"])!,
            appID: UUID(uuidString: row["app_id"])!,
            packageSHA256: row["package_sha256"],
            packageSize: row["package_size"],
            status: Deployment.Status(rawValue: row["status"]) ?? .failed,
            message: row["message"],
            author: row["author"],
            functionNames: JSONColumn.decode(row["function_names"]),
            log: JSONColumn.decode(row["log"]),
            createdAt: Date(millisecondsSince1970: row["created_at"]),
            completedAt: (row["completed_at"] as Int64?).map(Date.init(millisecondsSince1970:))
        )
        deployment.originalPackageSHA256 = row["original_package_sha256"]
        return deployment
    }
}
