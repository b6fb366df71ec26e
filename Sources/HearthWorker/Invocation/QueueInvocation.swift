import Foundation
import HearthCore

/// One queue message delivered to a queue-triggered function.
struct QueueInvocation: Sendable {
    var function: FunctionDefinition
    var trigger: QueueTriggerDefinition
    /// The message as taken from the queue, under the lease its ``QueueMessage/popReceipt`` names.
    var message: QueueMessage
    /// What the function receives as the trigger's value: the message text, or the bytes its
    /// base64 text decodes to when host.json's `messageEncoding` is `base64`.
    var content: Data
    var invocationID: UUID
    /// The W3C `traceparent` the invocation runs under (``InvocationRecord/traceParent``), passed to the function.
    var traceParent: String? = nil
}
