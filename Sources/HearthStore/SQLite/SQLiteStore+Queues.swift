package import Foundation
import GRDB
package import HearthCore

extension SQLiteStore {
    // MARK: Accounts

    package func defaultQueueAccount(tenantID: UUID, at date: Date) async throws -> QueueAccount {
        let cipher = self.cipher
        return try await write("queue account") { db in
            if let row = try Row.fetchOne(
                db,
                sql: "SELECT * FROM queue_accounts WHERE tenant_id = ? AND is_default = 1",
                arguments: [tenantID.uuidString]
            ) {
                return Self.queueAccount(row)
            }
            guard let tenantRow = try Row.fetchOne(db, sql: "SELECT name FROM tenants WHERE id = ?", arguments: [tenantID.uuidString]) else {
                throw StoreError(.notFound, "no tenant has the id \(tenantID)")
            }
            let tenant = Tenant(id: tenantID, name: tenantRow["name"])
            let account = QueueAccount(
                tenantID: tenantID,
                name: QueueAccount.defaultName(tenant: tenant),
                isDefault: true,
                createdAt: date.wholeMilliseconds
            )
            try Self.insertQueueAccount(account, keys: .generate(), cipher: cipher, db)
            return account
        }
    }

    package func createQueueAccount(_ account: QueueAccount, keys: QueueAccountKeys) async throws {
        try QueueAccount.validateName(account.name)
        let cipher = self.cipher
        try await write("queue account '\(account.name)'") { db in try Self.insertQueueAccount(account, keys: keys, cipher: cipher, db) }
    }

    static func insertQueueAccount(_ account: QueueAccount, keys: QueueAccountKeys, cipher: SecretCipher, _ db: Database) throws {
        let sealed = try QueueSealing.seal(keys, accountID: account.id, cipher: cipher)
        try db.execute(
            sql: """
                INSERT INTO queue_accounts (id, tenant_id, name, is_default, primary_key, secondary_key, poison_retention_ms, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                account.id.uuidString, account.tenantID.uuidString, account.name, account.isDefault, sealed.primary, sealed.secondary,
                Int64(account.poisonRetention * 1000), account.createdAt.millisecondsSince1970,
            ]
        )
    }

    package func queueAccount(named name: String) async throws -> QueueAccount? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM queue_accounts WHERE name = ?", arguments: [name]).map(Self.queueAccount) }
    }

    package func queueAccount(id: UUID) async throws -> QueueAccount? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM queue_accounts WHERE id = ?", arguments: [id.uuidString]).map(Self.queueAccount)
        }
    }

    package func queueAccounts(tenantID: UUID) async throws -> [QueueAccount] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM queue_accounts WHERE tenant_id = ? ORDER BY name", arguments: [tenantID.uuidString])
                .map(Self.queueAccount)
        }
    }

    package func queueAccountKeys(accountID: UUID) async throws -> QueueAccountKeys? {
        let cipher = self.cipher
        return try await read { db in
            try Row.fetchOne(db, sql: "SELECT primary_key, secondary_key FROM queue_accounts WHERE id = ?", arguments: [accountID.uuidString]).map {
                try QueueSealing.open(primary: $0["primary_key"], secondary: $0["secondary_key"], accountID: accountID, cipher: cipher)
            }
        }
    }

    package func setQueueAccountKey(accountID: UUID, slot: QueueAccountKeys.Slot, _ key: Data) async throws -> Bool {
        let sealed = try cipher.seal(key, context: QueueSealing.context(accountID, slot))
        let column = slot == .primary ? "primary_key" : "secondary_key"
        return try await write("queue account key") { db in
            try db.execute(sql: "UPDATE queue_accounts SET \(column) = ? WHERE id = ?", arguments: [sealed, accountID.uuidString])
            return db.changesCount > 0
        }
    }

    package func setPoisonRetention(accountID: UUID, _ retention: TimeInterval) async throws -> Bool {
        try await write("queue account") { db in
            try db.execute(
                sql: "UPDATE queue_accounts SET poison_retention_ms = ? WHERE id = ?",
                arguments: [Int64(retention * 1000), accountID.uuidString]
            )
            return db.changesCount > 0
        }
    }

    package func deleteQueueAccount(id: UUID) async throws -> Bool {
        try await write("queue account") { db in
            try db.execute(sql: "DELETE FROM queue_accounts WHERE id = ?", arguments: [id.uuidString])
            return db.changesCount > 0
        }
    }

    static func queueAccount(_ row: Row) -> QueueAccount {
        QueueAccount(
            id: UUID(uuidString: row["id"])!,
            tenantID: UUID(uuidString: row["tenant_id"])!,
            name: row["name"],
            isDefault: row["is_default"],
            poisonRetention: Double(row["poison_retention_ms"] as Int64) / 1000,
            createdAt: Date(millisecondsSince1970: row["created_at"])
        )
    }

    // MARK: Queues

    package func createQueue(_ queue: QueueRecord) async throws -> Bool {
        let metadata = QueueMessagePlan.encode(metadata: queue.metadata)
        return try await write("queue '\(queue.name)'") { db in
            if let existing = try String.fetchOne(
                db,
                sql: "SELECT metadata FROM queues WHERE account_id = ? AND name = ?",
                arguments: [queue.accountID.uuidString, queue.name.rawValue]
            ) {
                guard QueueMessagePlan.decode(metadata: existing) == queue.metadata else {
                    throw StoreError(.conflict, "queue '\(queue.name)' already exists with other metadata")
                }
                return false
            }
            try db.execute(
                sql: "INSERT INTO queues (id, account_id, name, metadata, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [queue.id.uuidString, queue.accountID.uuidString, queue.name.rawValue, metadata, queue.createdAt.millisecondsSince1970]
            )
            return true
        }
    }

    package func queue(accountID: UUID, name: QueueName) async throws -> QueueRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM queues WHERE account_id = ? AND name = ?", arguments: [accountID.uuidString, name.rawValue])
                .map(Self.queueRecord)
        }
    }

    package func queue(id: UUID) async throws -> QueueRecord? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM queues WHERE id = ?", arguments: [id.uuidString]).map(Self.queueRecord) }
    }

    package func queues(accountID: UUID, prefix: String) async throws -> [QueueRecord] {
        try await read { db in
            // substr, not LIKE: a prefix may hold '%' or '_' (no valid name does, so nothing matches then).
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM queues WHERE account_id = ? AND substr(name, 1, ?) = ? ORDER BY name",
                arguments: [accountID.uuidString, prefix.count, prefix]
            ).map(Self.queueRecord)
        }
    }

    package func setQueueMetadata(queueID: UUID, _ metadata: [String: String]) async throws -> Bool {
        let text = QueueMessagePlan.encode(metadata: metadata)
        return try await write("queue") { db in
            try db.execute(sql: "UPDATE queues SET metadata = ? WHERE id = ?", arguments: [text, queueID.uuidString])
            return db.changesCount > 0
        }
    }

    package func deleteQueue(id: UUID) async throws -> Bool {
        try await write("queue") { db in
            try db.execute(sql: "DELETE FROM queues WHERE id = ?", arguments: [id.uuidString])
            return db.changesCount > 0
        }
    }

    static func queueRecord(_ row: Row) -> QueueRecord {
        QueueRecord(
            id: UUID(uuidString: row["id"])!,
            accountID: UUID(uuidString: row["account_id"])!,
            name: QueueName(stored: row["name"]),
            metadata: QueueMessagePlan.decode(metadata: row["metadata"]),
            createdAt: Date(millisecondsSince1970: row["created_at"])
        )
    }
}
