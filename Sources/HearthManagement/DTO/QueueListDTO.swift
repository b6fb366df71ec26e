/// The queues of one queue account, by name.
package struct QueueListDTO: Codable, Sendable {
    package var account: String
    package var queues: [QueueDTO]
}
