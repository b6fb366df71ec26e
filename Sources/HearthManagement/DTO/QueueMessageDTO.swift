package import Foundation
import HearthCore

/// A message as the API returns it, with the names Azure gives these fields. `popReceipt` is
/// absent from peeked messages; `expirationTime` is 9999-12-31T23:59:59Z for one that never expires.
package struct QueueMessageDTO: Codable, Sendable {
    package var id: UUID
    package var text: String
    package var insertionTime: Date
    package var expirationTime: Date
    package var nextVisibleTime: Date
    package var dequeueCount: Int
    package var popReceipt: String?

    init(_ message: QueueMessage) {
        id = message.id
        text = message.text
        insertionTime = message.insertedAt
        expirationTime = message.expiresAt
        nextVisibleTime = message.nextVisibleAt
        dequeueCount = message.dequeueCount
        popReceipt = message.popReceipt
    }
}
