import Foundation
import HearthCore

/// One timer occurrence.
struct TimerInvocation: Sendable {
    var function: FunctionDefinition
    var bindingName: String
    var status: TimerStatus?
    var isPastDue: Bool
    var invocationID: UUID
    /// The W3C `traceparent` the invocation runs under (``InvocationRecord/traceParent``), passed to the function.
    var traceParent: String? = nil
}
