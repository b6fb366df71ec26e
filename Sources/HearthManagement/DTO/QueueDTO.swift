package import Foundation
import HearthCore

/// A queue as the API returns it; `approximateMessageCount` (unexpired messages, leased ones
/// included) only where one queue is shown.
package struct QueueDTO: Codable, Sendable {
    package var name: String
    package var account: String
    package var metadata: [String: String]
    package var createdAt: Date
    package var approximateMessageCount: Int?

    init(_ queue: QueueRecord, account: QueueAccount, length: Int? = nil) {
        name = queue.name.rawValue
        self.account = account.name
        metadata = queue.metadata
        createdAt = queue.createdAt
        approximateMessageCount = length
    }
}
