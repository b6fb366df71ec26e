/// The trigger of a function: what starts an invocation.
///
/// Extensible: more trigger kinds will come (service bus, blob, event grid …). `@nonexhaustive`
/// (SE-0487, accepted by Swift 6.3 without a feature flag) makes a `switch` outside Hearth's package
/// need `@unknown default`, so a new case is not a source break for clients; Hearth's own modules
/// (the same package) still switch exhaustively and the compiler names every place a new case must
/// be handled. Preferred over a struct with static members because cases carry their definitions.
@nonexhaustive
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
