public import Foundation

/// A message as a queue holds it, with what Azure reports of it (the queue trigger's binding
/// data: `Id`, `DequeueCount`, `InsertionTime`, `ExpirationTime`, `NextVisibleTime`, `PopReceipt`).
public struct QueueMessage: Sendable, Hashable {
    public var id: UUID
    public var queueID: UUID
    /// The message text's bytes exactly as put (Azure keeps text; a base64-encoding client sends
    /// base64 text, and that text is what is stored).
    public var body: Data
    public var insertedAt: Date
    /// When the message disappears unread; ``QueueMessage/neverExpires`` for a message put with
    /// a time to live of -1.
    public var expiresAt: Date
    /// When the message is visible (again) to `get`.
    public var nextVisibleAt: Date
    /// How many times it was taken with `get`.
    public var dequeueCount: Int
    /// The lease token of its last `get` or update; `nil` for a peeked message or one never taken.
    public var popReceipt: String?

    public init(
        id: UUID = UUID(),
        queueID: UUID,
        body: Data,
        insertedAt: Date,
        expiresAt: Date,
        nextVisibleAt: Date,
        dequeueCount: Int = 0,
        popReceipt: String? = nil
    ) {
        self.id = id
        self.queueID = queueID
        self.body = body
        self.insertedAt = insertedAt
        self.expiresAt = expiresAt
        self.nextVisibleAt = nextVisibleAt
        self.dequeueCount = dequeueCount
        self.popReceipt = popReceipt
    }

    /// The expiry time of a message that never expires: 9999-12-31T23:59:59Z, as Azure reports it.
    public static let neverExpires = Date(timeIntervalSince1970: 253_402_300_799)

    /// The body as text (messages are text in Azure's REST API; invalid UTF-8 is repaired).
    public var text: String { String(decoding: body, as: UTF8.self) }
}
