import Foundation

/// What a function wrote to its `queue` output bindings, in the order it wrote them. The
/// ``Invoker`` puts them on their queues only when the function succeeded.
struct FunctionOutputs: Sendable, Equatable {
    /// One message for one output binding.
    struct QueueMessageOutput: Sendable, Equatable {
        /// The binding's `name` (`$return` for the function's return value).
        var bindingName: String
        /// The message's content before host.json's `messageEncoding` applies: a string's UTF-8
        /// bytes, a JSON value serialized, or bytes as given.
        var content: Data
    }

    var queueMessages: [QueueMessageOutput] = []

    static let none = FunctionOutputs()
}
