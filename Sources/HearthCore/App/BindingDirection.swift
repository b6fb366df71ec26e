/// A binding's `direction` in function.json.
public enum BindingDirection: String, Sendable, Hashable {
    /// Input (triggers are always `in`).
    case `in`
    /// Output.
    case out
    /// Both (not supported by every worker).
    case `inout`
}
