import Foundation
import HearthCore

/// One HTTP-triggered call, as the front hands it to an ``AppWorker``.
struct HTTPInvocation: Sendable {
    var function: FunctionDefinition
    var trigger: HTTPTriggerDefinition
    var request: CustomHandlerPayload.Request
    /// Route parameters.
    var parameters: [String: String]
    /// Path and query as the caller sent them (forwarding mode).
    var forwardTarget: String
    var invocationID: UUID
    /// The W3C `traceparent` the invocation runs under (``InvocationRecord/traceParent``), passed to the function.
    var traceParent: String? = nil
}
