package import Foundation
import GRDB
package import HearthCore

extension SQLiteStore {
    package func createToken(_ token: APIToken, secretHash: String) async throws {
        try await write("token '\(token.name)'") { db in
            try db.execute(
                sql: "INSERT INTO api_tokens (id, name, token_hash, role, tenant_id, created_at, owner_user_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    token.id.uuidString, token.name, secretHash, token.role.rawValue, token.tenantID?.uuidString,
                    token.createdAt.millisecondsSince1970, token.ownerUserID?.uuidString,
                ]
            )
        }
    }

    package func token(secretHash: String) async throws -> APIToken? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM api_tokens WHERE token_hash = ?", arguments: [secretHash]).map(Self.token)
        }
    }

    package func tokens() async throws -> [APIToken] {
        try await read { db in try Row.fetchAll(db, sql: "SELECT * FROM api_tokens ORDER BY created_at, name").map(Self.token) }
    }

    package func deleteToken(id: UUID) async throws -> Bool {
        try await write("token") { db in
            try db.execute(sql: "DELETE FROM api_tokens WHERE id = ?", arguments: [id.uuidString])
            return db.changesCount > 0
        }
    }

    static func token(_ row: Row) -> APIToken {
        APIToken(
            id: UUID(uuidString: row["id"])!,
            name: row["name"],
            role: APIToken.Role(rawValue: row["role"]),
            tenantID: (row["tenant_id"] as String?).flatMap(UUID.init(uuidString:)),
            createdAt: Date(millisecondsSince1970: row["created_at"]),
            ownerUserID: (row["owner_user_id"] as String?).flatMap(UUID.init(uuidString:))
        )
    }
}
