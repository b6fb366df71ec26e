/// How many unexpired messages a queue holds (leased ones included), as `/metrics` reports it.
public struct QueueDepth: Sendable, Hashable {
    /// The queue account's name.
    public var account: String
    /// The queue's name.
    public var queue: String
    /// Unexpired messages, visible or leased.
    public var messages: Int

    public init(account: String, queue: String, messages: Int) {
        self.account = account
        self.queue = queue
        self.messages = messages
    }
}
