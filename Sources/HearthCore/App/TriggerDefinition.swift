/// The trigger of a function: what starts an invocation.
public enum TriggerDefinition: Sendable {
    /// An `httpTrigger`.
    case http(HTTPTriggerDefinition)
    /// A `timerTrigger`.
    case timer(TimerTriggerDefinition)
    /// A `queueTrigger`.
    case queue(QueueTriggerDefinition)

    /// The trigger binding's `name`.
    public var bindingName: String {
        switch self {
        case .http(let t): t.bindingName
        case .timer(let t): t.bindingName
        case .queue(let t): t.bindingName
        }
    }
}
