import Foundation
import HearthCore

/// One timer occurrence.
struct TimerInvocation: Sendable {
    var function: FunctionDefinition
    var bindingName: String
    var status: TimerStatus?
    var isPastDue: Bool
    var invocationID: UUID
}
