package import Foundation
package import HearthCore

extension SQLServerStore {
    package func createToken(_ token: APIToken, secretHash: String) async throws {
        try await write("token '\(token.name)'") { c in
            _ = try c.execute(
                SQLServerStatements.insertToken.sql,
                [
                    "id": .uuid(token.id), "name": .string(token.name), "token_hash": .string(secretHash), "role": .string(token.role.rawValue),
                    "tenant_id": .uuid(token.tenantID), "created_at": .time(token.createdAt), "owner_user_id": .uuid(token.ownerUserID),
                ]
            )
        }
    }

    package func token(secretHash: String) async throws -> APIToken? {
        try await read("token") { c in
            try c.execute(SQLServerStatements.selectTokenByHash.sql, ["token_hash": .string(secretHash)]).firstRow.map(Self.token)
        }
    }

    package func tokens() async throws -> [APIToken] {
        try await read("tokens") { c in try c.execute(SQLServerStatements.selectTokens.sql).rows.map(Self.token) }
    }

    package func deleteToken(id: UUID) async throws -> Bool {
        try await write("token", idempotent: true) { c in SQLRow.affected(try c.execute(SQLServerStatements.deleteToken.sql, ["id": .uuid(id)])) > 0 }
    }

    static func token(_ row: SQLRow) throws -> APIToken {
        APIToken(
            id: try row.requiredUUID("id"),
            name: try row.requiredString("name"),
            role: APIToken.Role(rawValue: try row.requiredString("role")),
            tenantID: row.uuid("tenant_id"),
            createdAt: try row.requiredDate("created_at"),
            ownerUserID: row.uuid("owner_user_id")
        )
    }
}
