/// The answer to clearing a queue: how many messages were deleted.
package struct ClearedMessagesDTO: Codable, Sendable {
    package var deleted: Int
}
