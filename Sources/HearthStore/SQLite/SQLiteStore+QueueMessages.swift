package import Foundation
import GRDB
package import HearthCore

/// Messages on SQLite. Every lease change (get, update, delete) is one write transaction: GRDB
/// begins writes `IMMEDIATE`, so the write lock is held from the first read, and no other
/// connection or process can take the same message between the select and the update.
///
/// Durability: the store runs WAL with `synchronous = NORMAL` (``SQLiteStore/init(path:cipher:logger:)``).
/// That keeps an acknowledged message across `kill -9` of every Hearth process (a commit is in
/// the WAL file, in the OS page cache, before `put` returns); it is power loss or an OS crash that
/// could lose the last commits, which would take `synchronous = FULL`.
extension SQLiteStore {
    static let messageColumns = "seq, id, queue_id, body, inserted_at, expires_at, next_visible_at, dequeue_count, pop_receipt"

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
        try await write("message") { db in
            guard try Self.queueExists(queueID, db) else { throw Self.noQueue(queueID) }
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO queue_messages (id, queue_id, body, inserted_at, expires_at, next_visible_at, dequeue_count, pop_receipt)
                    VALUES (?, ?, ?, ?, ?, ?, 0, ?)
                    """
            )
            try insert.execute(arguments: [
                plan.id.uuidString, queueID.uuidString, body, plan.insertedAt.millisecondsSince1970, plan.expiresAt.millisecondsSince1970,
                plan.nextVisibleAt.millisecondsSince1970, receipt,
            ])
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
        let now = date.millisecondsSince1970
        return try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.messageColumns) FROM queue_messages
                    WHERE queue_id = ? AND next_visible_at <= ? AND expires_at > ?
                    ORDER BY next_visible_at, seq LIMIT ?
                    """,
                arguments: [queueID.uuidString, now, now, limit]
            ).map {
                var message = Self.queueMessage($0)
                message.popReceipt = nil
                return message
            }
        }
    }

    package func getMessages(queueID: UUID, limit: Int, visibilityTimeout: TimeInterval, at date: Date) async throws -> [QueueMessage] {
        try QueueMessageRules.validate(count: limit)
        let until = try QueueMessagePlan.leaseEnd(visibilityTimeout, minimum: 1, at: date).millisecondsSince1970
        let now = date.millisecondsSince1970
        return try await write("message") { db in
            // Cached statements (prepared once per connection), and one UPDATE … RETURNING per
            // message instead of an update and a read.
            let visible = try db.cachedStatement(
                sql: """
                    SELECT seq FROM queue_messages
                    WHERE queue_id = ? AND next_visible_at <= ? AND expires_at > ?
                    ORDER BY next_visible_at, seq LIMIT ?
                    """
            )
            let seqs = try Int64.fetchAll(visible, arguments: [queueID.uuidString, now, now, limit])
            let take = try db.cachedStatement(sql: Self.takeMessage)
            var taken: [QueueMessage] = []
            taken.reserveCapacity(seqs.count)
            for seq in seqs {
                if let row = try Row.fetchOne(take, arguments: [until, QueueMessagePlan.popReceipt(), seq]) {
                    taken.append(Self.queueMessage(row))
                }
            }
            return taken
        }
    }

    /// Leases one message (by `seq`) and returns it as it is now.
    static let takeMessage = """
        UPDATE queue_messages SET next_visible_at = ?, dequeue_count = dequeue_count + 1, pop_receipt = ?
        WHERE seq = ? RETURNING \(messageColumns)
        """

    package func deleteMessage(queueID: UUID, id: UUID, popReceipt: String) async throws {
        try await write("message") { db in
            if let refusal = try Self.deleteLeased(queueID: queueID, id: id, popReceipt: popReceipt, db) { throw refusal }
        }
    }

    package func deleteMessages(_ receipts: [QueueMessageReceipt]) async throws -> [UUID: StoreError] {
        guard !receipts.isEmpty else { return [:] }
        return try await write("message") { db in
            var refused: [UUID: StoreError] = [:]
            for receipt in receipts {
                refused[receipt.id] = try Self.deleteLeased(queueID: receipt.queueID, id: receipt.id, popReceipt: receipt.popReceipt, db)
            }
            return refused
        }
    }

    /// Deletes the message if it is in the queue with this latest pop receipt, in one statement;
    /// otherwise returns why not (as ``checkLease(queueID:id:popReceipt:_:)`` says) and changes nothing.
    static func deleteLeased(queueID: UUID, id: UUID, popReceipt: String, _ db: Database) throws -> StoreError? {
        let delete = try db.cachedStatement(sql: "DELETE FROM queue_messages WHERE id = ? AND queue_id = ? AND pop_receipt = ?")
        try delete.execute(arguments: [id.uuidString, queueID.uuidString, popReceipt])
        if db.changesCount > 0 { return nil }
        do {
            try checkLease(queueID: queueID, id: id, popReceipt: popReceipt, db)
        } catch let error as StoreError {
            return error
        }
        // Unreachable under the write lock: the lease held, so the DELETE matched the row.
        return StoreError(.invalidState, "message \(id) could not be deleted")
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
        try await write("message") { db in
            try Self.checkLease(queueID: queueID, id: id, popReceipt: popReceipt, db)
            let update = try db.cachedStatement(
                sql: "UPDATE queue_messages SET next_visible_at = ?, pop_receipt = ?, body = COALESCE(?, body) WHERE id = ?"
            )
            try update.execute(arguments: [until.millisecondsSince1970, receipt, body, id.uuidString])
        }
        return QueueMessageLease(popReceipt: receipt, nextVisibleAt: until)
    }

    package func clearMessages(queueID: UUID) async throws -> Int {
        try await write("message") { db in
            try db.execute(sql: "DELETE FROM queue_messages WHERE queue_id = ?", arguments: [queueID.uuidString])
            return db.changesCount
        }
    }

    package func queueLength(queueID: UUID, at date: Date) async throws -> Int {
        try await read { db in
            try Int.fetchOne(
                db,
                sql: "SELECT COUNT(*) FROM queue_messages WHERE queue_id = ? AND expires_at > ?",
                arguments: [queueID.uuidString, date.millisecondsSince1970]
            ) ?? 0
        }
    }

    package func queueDepths(at date: Date) async throws -> [QueueDepth] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT a.name AS account, q.name AS queue, COUNT(m.seq) AS messages FROM queues q
                    JOIN queue_accounts a ON a.id = q.account_id
                    LEFT JOIN queue_messages m ON m.queue_id = q.id AND m.expires_at > ?
                    GROUP BY q.id ORDER BY a.name, q.name
                    """,
                arguments: [date.millisecondsSince1970]
            ).map { QueueDepth(account: $0["account"], queue: $0["queue"], messages: $0["messages"]) }
        }
    }

    package func queuesWithVisibleMessages(_ queueIDs: [UUID], at date: Date) async throws -> Set<UUID> {
        guard !queueIDs.isEmpty else { return [] }
        let now = date.millisecondsSince1970
        // One statement for all queues: an index probe per queue (queue_messages_visible), stopping at
        // the first visible, unexpired message.
        let values = Array(repeating: "(?)", count: queueIDs.count).joined(separator: ", ")
        let arguments = StatementArguments(queueIDs.map(\.uuidString)) + [now, now]
        return try await read { db in
            let ids = try String.fetchAll(
                db,
                sql: """
                    WITH polled(queue_id) AS (VALUES \(values))
                    SELECT p.queue_id FROM polled AS p
                    WHERE EXISTS (
                        SELECT 1 FROM queue_messages AS m
                        WHERE m.queue_id = p.queue_id AND m.next_visible_at <= ? AND m.expires_at > ?
                    )
                    """,
                arguments: arguments
            )
            return Set(ids.compactMap(UUID.init(uuidString:)))
        }
    }

    package func purgeExpiredMessages(at date: Date, limit: Int) async throws -> Int {
        try await write("message") { db in
            try db.execute(
                sql: "DELETE FROM queue_messages WHERE seq IN (SELECT seq FROM queue_messages WHERE expires_at <= ? LIMIT ?)",
                arguments: [date.millisecondsSince1970, limit]
            )
            return db.changesCount
        }
    }

    // MARK: Helpers

    static func queueExists(_ queueID: UUID, _ db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM queues WHERE id = ?)"), arguments: [queueID.uuidString]) ?? false
    }

    static func noQueue(_ queueID: UUID) -> StoreError { StoreError(.notFound, "the queue does not exist (it may have been deleted)") }

    /// Throws unless the message is in the queue with this latest pop receipt.
    static func checkLease(queueID: UUID, id: UUID, popReceipt: String, _ db: Database) throws {
        let current = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT pop_receipt FROM queue_messages WHERE id = ? AND queue_id = ?"),
            arguments: [id.uuidString, queueID.uuidString]
        )
        guard let current else { throw StoreError(.notFound, "message \(id) is not in the queue (deleted, or expired)") }
        guard let receipt: String = current["pop_receipt"], receipt == popReceipt else {
            throw StoreError(
                .invalidState,
                "the pop receipt does not match message \(id)'s latest one (the receipt is wrong, or the message was taken again since)"
            )
        }
    }

    static func queueMessage(_ row: Row) -> QueueMessage {
        QueueMessage(
            id: UUID(uuidString: row["id"])!,
            queueID: UUID(uuidString: row["queue_id"])!,
            body: row["body"],
            insertedAt: Date(millisecondsSince1970: row["inserted_at"]),
            expiresAt: Date(millisecondsSince1970: row["expires_at"]),
            nextVisibleAt: Date(millisecondsSince1970: row["next_visible_at"]),
            dequeueCount: row["dequeue_count"],
            popReceipt: row["pop_receipt"]
        )
    }
}
