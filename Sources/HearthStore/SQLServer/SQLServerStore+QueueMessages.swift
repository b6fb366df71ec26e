package import Foundation
package import HearthCore

/// Messages on SQL Server. `get` is one statement (``SQLServerStatements/dequeueQueueMessages``,
/// `READPAST, UPDLOCK, ROWLOCK`); delete and update check the pop receipt under an update lock
/// and change the row in the same transaction. The statements hold under
/// `READ_COMMITTED_SNAPSHOT` too: every read that decides a write takes an update lock, which
/// reads the latest committed row rather than a version.
extension SQLServerStore {
    package func putMessage(
        queueID: UUID,
        body: Data,
        visibilityDelay: TimeInterval,
        timeToLive: TimeInterval?,
        at date: Date
    ) async throws
        -> QueueMessage
    {
        let plan = try QueueMessagePlan(body: body, visibilityDelay: visibilityDelay, timeToLive: timeToLive, at: date)
        let receipt = QueueMessagePlan.popReceipt()
        do {
            try await write("queue message") { c in
                _ = try c.execute(
                    SQLServerStatements.insertQueueMessage.sql,
                    [
                        "id": .uuid(plan.id), "queue_id": .uuid(queueID), "body": .bytes(body), "inserted_at": .time(plan.insertedAt),
                        "expires_at": .time(plan.expiresAt), "next_visible_at": .time(plan.nextVisibleAt), "pop_receipt": .string(receipt),
                    ]
                )
            }
        } catch let error as StoreError where error.code == .notFound {
            throw StoreError(.notFound, "the queue does not exist (it may have been deleted)", cause: error)
        }
        return QueueMessage(
            id: plan.id,
            queueID: queueID,
            body: body,
            insertedAt: plan.insertedAt,
            expiresAt: plan.expiresAt,
            nextVisibleAt: plan.nextVisibleAt,
            popReceipt: receipt
        )
    }

    package func peekMessages(queueID: UUID, limit: Int, at date: Date) async throws -> [QueueMessage] {
        try QueueMessageRules.validate(count: limit)
        return try await read("messages") { c in
            let parameters: KeyValuePairs<String, SQLValue> = ["limit": .int32(Int32(limit)), "queue_id": .uuid(queueID), "now": .time(date)]
            return try c.execute(SQLServerStatements.peekQueueMessages.sql, parameters).rows.map { row in
                var message = try Self.queueMessage(row)
                message.popReceipt = nil
                return message
            }
        }
    }

    package func getMessages(queueID: UUID, limit: Int, visibilityTimeout: TimeInterval, at date: Date) async throws -> [QueueMessage] {
        try QueueMessageRules.validate(count: limit)
        let until = try QueueMessagePlan.leaseEnd(visibilityTimeout, minimum: 1, at: date)
        return try await write("messages") { c in
            let parameters: KeyValuePairs<String, SQLValue> = [
                "limit": .int32(Int32(limit)), "queue_id": .uuid(queueID), "now": .time(date), "until": .time(until),
            ]
            // OUTPUT returns rows in no set order: put them back in the order they were taken.
            return try c.execute(SQLServerStatements.dequeueQueueMessages.sql, parameters).rows
                .map { (try $0.required($0.int64("seq"), "seq"), try Self.queueMessage($0)) }
                .sorted { $0.0 < $1.0 }
                .map(\.1)
        }
    }

    package func deleteMessage(queueID: UUID, id: UUID, popReceipt: String) async throws {
        try await write("message") { c in
            try Self.checkLease(queueID: queueID, id: id, popReceipt: popReceipt, c)
            _ = try c.execute(SQLServerStatements.deleteQueueMessage.sql, ["id": .uuid(id)])
        }
    }

    package func deleteMessages(_ receipts: [QueueMessageReceipt]) async throws -> [UUID: StoreError] {
        guard !receipts.isEmpty else { return [:] }
        return try await write("message") { c in
            var refused: [UUID: StoreError] = [:]
            for receipt in receipts {
                do {
                    try Self.checkLease(queueID: receipt.queueID, id: receipt.id, popReceipt: receipt.popReceipt, c)
                } catch let error as StoreError {
                    refused[receipt.id] = error
                    continue
                }
                _ = try c.execute(SQLServerStatements.deleteQueueMessage.sql, ["id": .uuid(receipt.id)])
            }
            return refused
        }
    }

    package func updateMessage(
        queueID: UUID,
        id: UUID,
        popReceipt: String,
        visibilityTimeout: TimeInterval,
        body: Data?,
        at date: Date
    )
        async throws -> QueueMessageLease
    {
        if let body { try QueueMessageRules.validate(body: body) }
        let until = try QueueMessagePlan.leaseEnd(visibilityTimeout, minimum: 0, at: date)
        let receipt = QueueMessagePlan.popReceipt()
        try await write("message") { c in
            try Self.checkLease(queueID: queueID, id: id, popReceipt: popReceipt, c)
            if let body {
                _ = try c.execute(
                    SQLServerStatements.updateQueueMessageLeaseAndBody.sql,
                    ["until": .time(until), "pop_receipt": .string(receipt), "body": .bytes(body), "id": .uuid(id)]
                )
            } else {
                _ = try c.execute(
                    SQLServerStatements.updateQueueMessageLease.sql,
                    ["until": .time(until), "pop_receipt": .string(receipt), "id": .uuid(id)]
                )
            }
        }
        return QueueMessageLease(popReceipt: receipt, nextVisibleAt: until)
    }

    package func clearMessages(queueID: UUID) async throws -> Int {
        try await write("messages", idempotent: true) { c in
            SQLRow.affected(try c.execute(SQLServerStatements.clearQueueMessages.sql, ["queue_id": .uuid(queueID)]))
        }
    }

    package func queueLength(queueID: UUID, at date: Date) async throws -> Int {
        try await read("queue length") { c in
            try c.execute(SQLServerStatements.countQueueMessages.sql, ["queue_id": .uuid(queueID), "now": .time(date)]).firstRow?.int("messages") ?? 0
        }
    }

    package func queueDepths(at date: Date) async throws -> [QueueDepth] {
        try await read("queue depths") { c in
            try c.execute(SQLServerStatements.selectQueueDepths.sql, ["now": .time(date)]).rows.map { row in
                QueueDepth(account: try row.requiredString("account"), queue: try row.requiredString("queue"), messages: row.int("messages") ?? 0)
            }
        }
    }

    package func queuesWithVisibleMessages(_ queueIDs: [UUID], at date: Date) async throws -> Set<UUID> {
        guard !queueIDs.isEmpty else { return [] }
        let ids = "[" + queueIDs.map { "\"\($0.uuidString)\"" }.joined(separator: ",") + "]"
        return try await read("queue poll") { c in
            let parameters: KeyValuePairs<String, SQLValue> = ["queue_ids": .string(ids), "now": .time(date)]
            return Set(try c.execute(SQLServerStatements.selectQueuesWithVisibleMessages.sql, parameters).rows.compactMap { $0.uuid("queue_id") })
        }
    }

    package func purgeExpiredMessages(at date: Date, limit: Int) async throws -> Int {
        try await write("expired messages", idempotent: true) { c in
            let parameters: KeyValuePairs<String, SQLValue> = ["limit": .int32(Int32(clamping: limit)), "now": .time(date)]
            return SQLRow.affected(try c.execute(SQLServerStatements.purgeExpiredQueueMessages.sql, parameters))
        }
    }

    /// Throws unless the message is in the queue with this latest pop receipt; its row stays
    /// update-locked to the end of the transaction.
    static func checkLease(queueID: UUID, id: UUID, popReceipt: String, _ c: TDSConnection) throws {
        let row = try c.execute(SQLServerStatements.selectQueueMessageLease.sql, ["id": .uuid(id), "queue_id": .uuid(queueID)]).firstRow
        guard let row else { throw StoreError(.notFound, "message \(id) is not in the queue (deleted, or expired)") }
        guard row.string("pop_receipt") == popReceipt else {
            throw StoreError(
                .invalidState,
                "the pop receipt does not match message \(id)'s latest one (the receipt is wrong, or the message was taken again since)"
            )
        }
    }

    static func queueMessage(_ row: SQLRow) throws -> QueueMessage {
        QueueMessage(
            id: try row.requiredUUID("id"),
            queueID: try row.requiredUUID("queue_id"),
            body: row.bytes("body") ?? Data(),
            insertedAt: try row.requiredDate("inserted_at"),
            expiresAt: try row.requiredDate("expires_at"),
            nextVisibleAt: try row.requiredDate("next_visible_at"),
            dequeueCount: row.int("dequeue_count") ?? 0,
            popReceipt: row.string("pop_receipt")
        )
    }
}
