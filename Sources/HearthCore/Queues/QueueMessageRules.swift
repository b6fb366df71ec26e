public import Foundation

/// Azure Storage's limits on queue messages and leases, checked before anything is written (by
/// the store, the management API and the queue endpoint alike).
public enum QueueMessageRules {
    /// 64 KiB: the largest message. Azure counts the message text as sent, in UTF-8 bytes (so a
    /// client that base64-encodes can send 48 KiB of raw bytes); Hearth stores that text, and
    /// counts the stored bytes.
    public static let maxMessageBytes = 64 * 1024
    /// Seven days: the longest visibility timeout (and Azure's default time to live).
    public static let maxVisibilityTimeout: TimeInterval = 7 * 24 * 3600
    /// A message's time to live when the producer gives none.
    public static let defaultTimeToLive: TimeInterval = 7 * 24 * 3600
    /// How long a message taken with `get` stays invisible when the caller gives no timeout.
    public static let defaultVisibilityTimeout: TimeInterval = 30
    /// The most messages one `get` or `peek` returns.
    public static let maxMessagesPerCall = 32

    /// Checks a message body's size.
    public static func validate(body: Data) throws(HearthError) {
        guard body.count <= maxMessageBytes else {
            throw HearthError(
                code: .invalidArgument,
                message: "the message is \(body.count) bytes; a queue message can be at most \(maxMessageBytes) bytes (64 KiB) of text",
                fix: "put a reference to the data (a URL or an id) in the message instead"
            )
        }
    }

    /// Checks a time to live: `nil` (never expires, Azure's -1) or at least one second.
    public static func validate(timeToLive: TimeInterval?) throws(HearthError) {
        guard let timeToLive else { return }
        guard timeToLive >= 1, timeToLive.isFinite else {
            throw HearthError(
                code: .invalidArgument,
                message: "a message's time to live must be at least 1 second, or -1 for never; it was \(timeToLive)"
            )
        }
    }

    /// Checks a visibility timeout or delay: 0 (or `minimum`) to seven days, and before the
    /// message expires when it has a time to live.
    public static func validate(visibilityTimeout: TimeInterval, minimum: TimeInterval = 0, timeToLive: TimeInterval? = nil) throws(HearthError) {
        guard visibilityTimeout >= minimum, visibilityTimeout <= maxVisibilityTimeout else {
            throw HearthError(
                code: .invalidArgument,
                message: "a visibility timeout must be \(Int(minimum)) to \(Int(maxVisibilityTimeout)) seconds (7 days); it was \(visibilityTimeout)"
            )
        }
        if let timeToLive, visibilityTimeout >= timeToLive {
            throw HearthError(
                code: .invalidArgument,
                message: "the visibility timeout (\(visibilityTimeout) s) must be shorter than the time to live (\(timeToLive) s)"
            )
        }
    }

    /// Checks how many messages one call asks for: 1 to 32.
    public static func validate(count: Int) throws(HearthError) {
        guard (1...maxMessagesPerCall).contains(count) else {
            throw HearthError(code: .invalidArgument, message: "ask for 1 to \(maxMessagesPerCall) messages at a time; it was \(count)")
        }
    }
}
