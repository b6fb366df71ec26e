/// A queue binding that cannot be served as written (its connection, its queue, a message too
/// large): the function does not run, or its invocation fails, with this message. It never holds
/// a key or a connection string.
public struct QueueBindingError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
