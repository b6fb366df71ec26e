public import Foundation

/// A taken message as its lease holder names it: its queue, its id and its latest pop receipt.
public struct QueueMessageReceipt: Sendable, Hashable {
    public var queueID: UUID
    public var id: UUID
    public var popReceipt: String

    public init(queueID: UUID, id: UUID, popReceipt: String) {
        self.queueID = queueID
        self.id = id
        self.popReceipt = popReceipt
    }
}
