package import Foundation
package import HearthCore

extension SQLServerStore {
    // MARK: Accounts

    package func defaultQueueAccount(tenantID: UUID, at date: Date) async throws -> QueueAccount {
        let cipher = self.cipher
        return try await write("queue account") { c in
            let existing = try c.execute(SQLServerStatements.selectDefaultQueueAccountForUpdate.sql, ["tenant_id": .uuid(tenantID)]).firstRow
            if let existing { return try Self.queueAccount(existing) }
            guard let row = try c.execute(SQLServerStatements.selectTenantByID.sql, ["id": .uuid(tenantID)]).firstRow else {
                throw StoreError(.notFound, "no tenant has the id \(tenantID)")
            }
            let tenant = Tenant(id: tenantID, name: try row.requiredString("name"))
            let account = QueueAccount(
                tenantID: tenantID,
                name: QueueAccount.defaultName(tenant: tenant),
                isDefault: true,
                createdAt: date.wholeMilliseconds
            )
            try Self.insertQueueAccount(account, keys: .generate(), cipher: cipher, c)
            return account
        }
    }

    package func createQueueAccount(_ account: QueueAccount, keys: QueueAccountKeys) async throws {
        try QueueAccount.validateName(account.name)
        let cipher = self.cipher
        try await write("queue account '\(account.name)'") { c in try Self.insertQueueAccount(account, keys: keys, cipher: cipher, c) }
    }

    static func insertQueueAccount(_ account: QueueAccount, keys: QueueAccountKeys, cipher: SecretCipher, _ c: TDSConnection) throws {
        let sealed = try QueueSealing.seal(keys, accountID: account.id, cipher: cipher)
        _ = try c.execute(
            SQLServerStatements.insertQueueAccount.sql,
            [
                "id": .uuid(account.id), "tenant_id": .uuid(account.tenantID), "name": .string(account.name), "is_default": .bool(account.isDefault),
                "primary_key": .bytes(sealed.primary), "secondary_key": .bytes(sealed.secondary),
                "poison_retention_ms": .int64(Int64(account.poisonRetention * 1000)), "created_at": .time(account.createdAt),
            ]
        )
    }

    package func queueAccount(named name: String) async throws -> QueueAccount? {
        try await read("queue account") { c in
            try c.execute(SQLServerStatements.selectQueueAccountByName.sql, ["name": .string(name)]).firstRow.map(Self.queueAccount)
        }
    }

    package func queueAccount(id: UUID) async throws -> QueueAccount? {
        try await read("queue account") { c in
            try c.execute(SQLServerStatements.selectQueueAccountByID.sql, ["id": .uuid(id)]).firstRow.map(Self.queueAccount)
        }
    }

    package func queueAccounts(tenantID: UUID) async throws -> [QueueAccount] {
        try await read("queue accounts") { c in
            try c.execute(SQLServerStatements.selectQueueAccountsOfTenant.sql, ["tenant_id": .uuid(tenantID)]).rows.map(Self.queueAccount)
        }
    }

    package func queueAccountKeys(accountID: UUID) async throws -> QueueAccountKeys? {
        let cipher = self.cipher
        return try await read("queue account keys") { c in
            try c.execute(SQLServerStatements.selectQueueAccountKeys.sql, ["id": .uuid(accountID)]).firstRow.map { row in
                try QueueSealing.open(
                    primary: try row.required(row.bytes("primary_key"), "primary_key"),
                    secondary: try row.required(row.bytes("secondary_key"), "secondary_key"),
                    accountID: accountID,
                    cipher: cipher
                )
            }
        }
    }

    package func setQueueAccountKey(accountID: UUID, slot: QueueAccountKeys.Slot, _ key: Data) async throws -> Bool {
        let sealed = try cipher.seal(key, context: QueueSealing.context(accountID, slot))
        let statement = slot == .primary ? SQLServerStatements.updateQueueAccountPrimaryKey : SQLServerStatements.updateQueueAccountSecondaryKey
        return try await write("queue account key", idempotent: true) { c in
            SQLRow.affected(try c.execute(statement.sql, ["key": .bytes(sealed), "id": .uuid(accountID)])) > 0
        }
    }

    package func setPoisonRetention(accountID: UUID, _ retention: TimeInterval) async throws -> Bool {
        try await write("queue account", idempotent: true) { c in
            let parameters: KeyValuePairs<String, SQLValue> = ["poison_retention_ms": .int64(Int64(retention * 1000)), "id": .uuid(accountID)]
            return SQLRow.affected(try c.execute(SQLServerStatements.updateQueueAccountPoisonRetention.sql, parameters)) > 0
        }
    }

    package func deleteQueueAccount(id: UUID) async throws -> Bool {
        try await write("queue account", idempotent: true) { c in
            SQLRow.affected(try c.execute(SQLServerStatements.deleteQueueAccount.sql, ["id": .uuid(id)])) > 0
        }
    }

    static func queueAccount(_ row: SQLRow) throws -> QueueAccount {
        QueueAccount(
            id: try row.requiredUUID("id"),
            tenantID: try row.requiredUUID("tenant_id"),
            name: try row.requiredString("name"),
            isDefault: row.bool("is_default") ?? false,
            poisonRetention: Double(try row.required(row.int64("poison_retention_ms"), "poison_retention_ms")) / 1000,
            createdAt: try row.requiredDate("created_at")
        )
    }

    // MARK: Queues

    package func createQueue(_ queue: QueueRecord) async throws -> Bool {
        let metadata = QueueMessagePlan.encode(metadata: queue.metadata)
        return try await write("queue '\(queue.name)'") { c in
            let parameters: KeyValuePairs<String, SQLValue> = ["account_id": .uuid(queue.accountID), "name": .string(queue.name.rawValue)]
            if let existing = try c.execute(SQLServerStatements.selectQueueMetadataForUpdate.sql, parameters).firstRow {
                guard QueueMessagePlan.decode(metadata: existing.string("metadata")) == queue.metadata else {
                    throw StoreError(.conflict, "queue '\(queue.name)' already exists with other metadata")
                }
                return false
            }
            _ = try c.execute(
                SQLServerStatements.insertQueue.sql,
                [
                    "id": .uuid(queue.id), "account_id": .uuid(queue.accountID), "name": .string(queue.name.rawValue),
                    "metadata": .string(metadata), "created_at": .time(queue.createdAt),
                ]
            )
            return true
        }
    }

    package func queue(accountID: UUID, name: QueueName) async throws -> QueueRecord? {
        try await read("queue") { c in
            let parameters: KeyValuePairs<String, SQLValue> = ["account_id": .uuid(accountID), "name": .string(name.rawValue)]
            return try c.execute(SQLServerStatements.selectQueueByName.sql, parameters).firstRow.map(Self.queueRecord)
        }
    }

    package func queue(id: UUID) async throws -> QueueRecord? {
        try await read("queue") { c in try c.execute(SQLServerStatements.selectQueueByID.sql, ["id": .uuid(id)]).firstRow.map(Self.queueRecord) }
    }

    package func queues(accountID: UUID, prefix: String) async throws -> [QueueRecord] {
        try await read("queues") { c in
            let parameters: KeyValuePairs<String, SQLValue> = ["account_id": .uuid(accountID), "prefix": .string(prefix)]
            return try c.execute(SQLServerStatements.selectQueuesWithPrefix.sql, parameters).rows.map(Self.queueRecord)
        }
    }

    package func setQueueMetadata(queueID: UUID, _ metadata: [String: String]) async throws -> Bool {
        let text = QueueMessagePlan.encode(metadata: metadata)
        return try await write("queue", idempotent: true) { c in
            SQLRow.affected(try c.execute(SQLServerStatements.updateQueueMetadata.sql, ["metadata": .string(text), "id": .uuid(queueID)])) > 0
        }
    }

    package func deleteQueue(id: UUID) async throws -> Bool {
        try await write("queue", idempotent: true) { c in SQLRow.affected(try c.execute(SQLServerStatements.deleteQueue.sql, ["id": .uuid(id)])) > 0 }
    }

    static func queueRecord(_ row: SQLRow) throws -> QueueRecord {
        QueueRecord(
            id: try row.requiredUUID("id"),
            accountID: try row.requiredUUID("account_id"),
            name: QueueName(stored: try row.requiredString("name")),
            metadata: QueueMessagePlan.decode(metadata: row.string("metadata")),
            createdAt: try row.requiredDate("created_at")
        )
    }
}
