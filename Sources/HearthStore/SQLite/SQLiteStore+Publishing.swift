package import Foundation
import GRDB
package import HearthCore

extension SQLiteStore {
    package func publishingCredentials(appID: UUID) async throws -> PublishingCredentials? {
        let cipher = self.cipher
        return try await read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: "SELECT user_name, password, updated_at FROM publishing_credentials WHERE app_id = ?",
                    arguments: [appID.uuidString]
                )
            else { return nil }
            return PublishingCredentials(
                userName: row["user_name"],
                password: try cipher.openString(row["password"], context: Self.publishingContext(appID)),
                updatedAt: Date(millisecondsSince1970: row["updated_at"])
            )
        }
    }

    package func setPublishingCredentials(appID: UUID, _ credentials: PublishingCredentials, replace: Bool) async throws -> Bool {
        let sealed = try cipher.seal(credentials.password, context: Self.publishingContext(appID))
        let verb = replace ? "INSERT OR REPLACE" : "INSERT OR IGNORE"
        return try await write("publishing credentials") { db in
            try db.execute(
                sql: "\(verb) INTO publishing_credentials (app_id, user_name, password, updated_at) VALUES (?, ?, ?, ?)",
                arguments: [appID.uuidString, credentials.userName, sealed, credentials.updatedAt.millisecondsSince1970]
            )
            return db.changesCount > 0
        }
    }

    static func publishingContext(_ appID: UUID) -> String { "publishing:\(appID.uuidString)" }
}
