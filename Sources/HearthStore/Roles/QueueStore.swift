public import Foundation
public import HearthCore

/// Hearth's own queues: queue accounts (per tenant, each with two sealed keys), their queues, and
/// the messages in them, leased to one consumer at a time.
///
/// The management API and `hearth queue` use it through ``ManagementStore``; the queue trigger,
/// the output binding and the Azure-compatible endpoint build on the same methods.
///
/// Leases: ``getMessages(queueID:limit:visibilityTimeout:at:)`` takes up to `limit` visible
/// messages in one transaction, makes each invisible until `at + visibilityTimeout`, adds one to
/// its dequeue count and gives it a new pop receipt. While that time has not passed no other
/// `get` returns the message; only the holder of the latest pop receipt may delete or update it.
/// When the time passes the message is visible again (a consumer that died loses its lease), and
/// the next `get` issues a new pop receipt, so the old holder's receipt is refused from then on.
///
/// Durability: a write returns once it is committed. On SQLite, in WAL mode, `synchronous =
/// NORMAL` (what the store uses) keeps every committed transaction across a crash or `kill -9`
/// of any process, since the WAL is in the OS's page cache; only a power loss or OS crash can lose
/// the last commits, and surviving that too would need `synchronous = FULL`. SQL Server commits
/// are durable on the log before they return.
///
/// Times are passed in (`at:`) so callers and tests decide the clock. Every method may throw
/// ``StoreError/Code/unavailable`` when the database cannot be reached; invalid input (a name
/// Azure refuses, a message over 64 KiB, a visibility timeout out of range) throws
/// ``HearthError`` before anything is written.
public protocol QueueStore: Sendable {
    // MARK: Accounts

    /// The tenant's default account, created (with two new random keys) when the tenant has none;
    /// two callers racing get the same account.
    ///
    /// Throws ``StoreError/Code/notFound`` when the tenant does not exist.
    func defaultQueueAccount(tenantID: UUID, at date: Date) async throws -> QueueAccount

    /// Creates an account with its keys (sealed at rest).
    ///
    /// Throws ``HearthError`` for a name breaking the account name rule,
    /// ``StoreError/Code/conflict`` when the name or id is taken (or the tenant has a default
    /// account already and this one is default too), and ``StoreError/Code/notFound`` when the
    /// tenant does not exist.
    func createQueueAccount(_ account: QueueAccount, keys: QueueAccountKeys) async throws

    /// The account with this name, or `nil`.
    func queueAccount(named name: String) async throws -> QueueAccount?

    /// The account with this id, or `nil`.
    func queueAccount(id: UUID) async throws -> QueueAccount?

    /// A tenant's accounts, ordered by name.
    func queueAccounts(tenantID: UUID) async throws -> [QueueAccount]

    /// The account's two keys in plain text, or `nil` for an unknown account.
    func queueAccountKeys(accountID: UUID) async throws -> QueueAccountKeys?

    /// Replaces one key (rotation); the other keeps working. Returns `false` for an unknown account.
    func setQueueAccountKey(accountID: UUID, slot: QueueAccountKeys.Slot, _ key: Data) async throws -> Bool

    /// Sets how long messages moved to poison queues are kept. Returns `false` for an unknown account.
    func setPoisonRetention(accountID: UUID, _ retention: TimeInterval) async throws -> Bool

    /// Deletes an account with its queues and their messages; `false` when it did not exist.
    func deleteQueueAccount(id: UUID) async throws -> Bool

    // MARK: Queues

    /// Creates a queue. Returns `true` when it was created, `false` when a queue of that name
    /// existed already with the same metadata (Azure answers 204 then).
    ///
    /// Throws ``StoreError/Code/conflict`` when it exists with other metadata (Azure's
    /// `QueueAlreadyExists`), ``StoreError/Code/notFound`` for an unknown account.
    func createQueue(_ queue: QueueRecord) async throws -> Bool

    /// The account's queue with this name, or `nil`.
    func queue(accountID: UUID, name: QueueName) async throws -> QueueRecord?

    /// The queue with this id, or `nil`.
    func queue(id: UUID) async throws -> QueueRecord?

    /// The account's queues whose names start with `prefix` (all with `""`), ordered by name.
    func queues(accountID: UUID, prefix: String) async throws -> [QueueRecord]

    /// Replaces a queue's metadata; `false` for an unknown queue.
    func setQueueMetadata(queueID: UUID, _ metadata: [String: String]) async throws -> Bool

    /// Deletes a queue with its messages; `false` when it did not exist.
    func deleteQueue(id: UUID) async throws -> Bool

    // MARK: Messages

    /// Puts a message, visible from `at + visibilityDelay`, expiring at `at + timeToLive` (never
    /// when `timeToLive` is `nil`). Returns it as stored, with a pop receipt (Azure returns one,
    /// so that a producer may update or delete what it put).
    ///
    /// Throws ``HearthError`` for a body over 64 KiB, a time to live under 1 s, or a delay out of
    /// 0…7 days or not before the expiry; ``StoreError/Code/notFound`` for an unknown queue.
    func putMessage(
        queueID: UUID,
        body: Data,
        visibilityDelay: TimeInterval,
        timeToLive: TimeInterval?,
        at date: Date
    ) async throws
        -> QueueMessage

    /// Up to `limit` (1-32) visible, unexpired messages, oldest first, changing nothing (no pop
    /// receipts, no dequeue count).
    func peekMessages(queueID: UUID, limit: Int, at date: Date) async throws -> [QueueMessage]

    /// Takes up to `limit` (1-32) visible, unexpired messages, oldest first, under a lease of
    /// `visibilityTimeout` (1 s … 7 days), in one transaction; see the lease rules above.
    func getMessages(queueID: UUID, limit: Int, visibilityTimeout: TimeInterval, at date: Date) async throws -> [QueueMessage]

    /// Deletes a message its lease holder finished with.
    ///
    /// Throws ``StoreError/Code/notFound`` when the message is gone (deleted or expired) and
    /// ``StoreError/Code/invalidState`` when `popReceipt` is not its latest one (Azure's
    /// `PopReceiptMismatch`).
    func deleteMessage(queueID: UUID, id: UUID, popReceipt: String) async throws

    /// Deletes several messages their lease holders finished with, in one transaction: what
    /// ``deleteMessage(queueID:id:popReceipt:)`` does for each, at the cost of one commit.
    ///
    /// Returns the messages it did not delete, with the reason ``deleteMessage(queueID:id:popReceipt:)``
    /// would have thrown (gone, or taken again since); the others are deleted whatever happens to them.
    func deleteMessages(_ receipts: [QueueMessageReceipt]) async throws -> [UUID: StoreError]

    /// Renews or ends a lease (visible again at `at + visibilityTimeout`, 0 … 7 days), and
    /// replaces the text when `body` is given, returning the new pop receipt. Errors as
    /// ``deleteMessage(queueID:id:popReceipt:)``, plus ``HearthError`` for a bad body or timeout.
    func updateMessage(
        queueID: UUID,
        id: UUID,
        popReceipt: String,
        visibilityTimeout: TimeInterval,
        body: Data?,
        at date: Date
    )
        async throws -> QueueMessageLease

    /// Deletes every message of the queue; returns how many.
    func clearMessages(queueID: UUID) async throws -> Int

    /// How many unexpired messages the queue holds, leased ones included (Azure's approximate count).
    func queueLength(queueID: UUID, at date: Date) async throws -> Int

    /// Every queue's unexpired messages (leased ones included) at `date`, empty queues with 0, in
    /// one query: the depth `/metrics` samples.
    func queueDepths(at date: Date) async throws -> [QueueDepth]

    /// Of `queueIDs`, those with at least one visible, unexpired message at `date`, in one query:
    /// a worker's idle poll of all its queues.
    func queuesWithVisibleMessages(_ queueIDs: [UUID], at date: Date) async throws -> Set<UUID>

    /// Deletes up to `limit` messages that expired by `date`; returns how many (call again until 0).
    func purgeExpiredMessages(at date: Date, limit: Int) async throws -> Int
}
