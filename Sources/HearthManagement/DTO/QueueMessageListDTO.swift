/// Messages peeked or taken from a queue, oldest first.
package struct QueueMessageListDTO: Codable, Sendable {
    package var messages: [QueueMessageDTO]
}
