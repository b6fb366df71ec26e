/// A `queueTrigger` binding.
public struct QueueTriggerDefinition: Sendable {
    /// The trigger binding's `name`.
    public var bindingName: String
    /// `queueName` after `%Setting%` substitution.
    public var queueName: String
    /// `connection`: the name of the app setting holding the connection, if given.
    public var connection: String?

    /// Creates a definition.
    /// - Parameters:
    ///   - bindingName: The trigger binding name.
    ///   - queueName: The queue.
    ///   - connection: The connection setting name.
    public init(bindingName: String, queueName: String, connection: String? = nil) {
        self.bindingName = bindingName
        self.queueName = queueName
        self.connection = connection
    }
}
