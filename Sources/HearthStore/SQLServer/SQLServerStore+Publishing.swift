package import Foundation
package import HearthCore

extension SQLServerStore {
    package func publishingCredentials(appID: UUID) async throws -> PublishingCredentials? {
        guard
            let row = try await read(
                "publishing credentials",
                { c in
                    try c.execute(SQLServerStatements.selectPublishingCredentials.sql, ["app_id": .uuid(appID)]).firstRow
                }
            )
        else { return nil }
        return PublishingCredentials(
            userName: try row.requiredString("user_name"),
            password: try cipher.openString(try row.required(row.bytes("password"), "password"), context: SQLiteStore.publishingContext(appID)),
            updatedAt: try row.requiredDate("updated_at")
        )
    }

    package func setPublishingCredentials(appID: UUID, _ credentials: PublishingCredentials, replace: Bool) async throws -> Bool {
        let sealed = try cipher.seal(credentials.password, context: SQLiteStore.publishingContext(appID))
        let statement = replace ? SQLServerStatements.upsertPublishingCredentials : SQLServerStatements.insertPublishingCredentialsIfAbsent
        return try await write("publishing credentials", idempotent: replace) { c in
            let result = try c.execute(
                statement.sql,
                [
                    "app_id": .uuid(appID), "user_name": .string(credentials.userName), "password": .bytes(sealed),
                    "updated_at": .time(credentials.updatedAt),
                ]
            )
            return result.resultSets.last?.first?.bool("written") ?? false
        }
    }
}
