/// A queue binding that cannot be served as written (its connection, its queue, a message too
/// large): the function does not run, or its invocation fails, with this message. It never holds
/// a key or a connection string.
struct QueueBindingError: Error, CustomStringConvertible, Sendable {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
