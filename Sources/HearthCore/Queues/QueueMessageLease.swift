public import Foundation

/// What a message's lease holder gets back from an update: the new pop receipt (the old one stops
/// working) and when the message becomes visible again.
public struct QueueMessageLease: Sendable, Hashable {
    public var popReceipt: String
    public var nextVisibleAt: Date

    public init(popReceipt: String, nextVisibleAt: Date) {
        self.popReceipt = popReceipt
        self.nextVisibleAt = nextVisibleAt
    }
}
