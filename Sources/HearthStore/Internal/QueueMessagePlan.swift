import Foundation
import HearthCore

/// The checked times of a message about to be put, the same for both backends. Times are cut to
/// whole milliseconds, as both databases keep them, so what `put` returns equals what a later read
/// returns.
struct QueueMessagePlan: Sendable {
    var id: UUID
    var insertedAt: Date
    var expiresAt: Date
    var nextVisibleAt: Date

    init(body: Data, visibilityDelay: TimeInterval, timeToLive: TimeInterval?, at date: Date) throws(HearthError) {
        try QueueMessageRules.validate(body: body)
        try QueueMessageRules.validate(timeToLive: timeToLive)
        try QueueMessageRules.validate(visibilityTimeout: visibilityDelay, timeToLive: timeToLive)
        let inserted = date.wholeMilliseconds
        id = UUID()
        insertedAt = inserted
        expiresAt = timeToLive.map { min(inserted.addingTimeInterval($0), QueueMessage.neverExpires) } ?? QueueMessage.neverExpires
        nextVisibleAt = inserted.addingTimeInterval(visibilityDelay).wholeMilliseconds
    }

    /// A new pop receipt: an opaque, unguessable token (a random UUID's text).
    static func popReceipt() -> String { UUID().uuidString }

    /// The lease end of a `get` or update at `date`, after checking the timeout.
    static func leaseEnd(_ visibilityTimeout: TimeInterval, minimum: TimeInterval, at date: Date) throws(HearthError) -> Date {
        try QueueMessageRules.validate(visibilityTimeout: visibilityTimeout, minimum: minimum)
        return date.addingTimeInterval(visibilityTimeout).wholeMilliseconds
    }

    /// Queue metadata as stored: a JSON object of strings.
    static func encode(metadata: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(metadata)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static func decode(metadata: String?) -> [String: String] {
        guard let metadata else { return [:] }
        return (try? JSONDecoder().decode([String: String].self, from: Data(metadata.utf8))) ?? [:]
    }
}

extension Date {
    var wholeMilliseconds: Date { Date(timeIntervalSince1970: (timeIntervalSince1970 * 1000).rounded() / 1000) }
}
