import HearthCore

/// Which key set a key route addresses: one function's keys, host function keys or system keys.
struct KeyTarget {
    var scope: FunctionKey.Scope
    var functionName: String?

    /// `function 'HttpHello'`, `host`, `system`, for messages.
    var label: String {
        if let functionName { return "function '\(functionName)'" }
        return scope == .system ? "system" : "host"
    }

    func matches(_ key: FunctionKey) -> Bool {
        key.scope == scope && (scope != .function || key.functionName == functionName)
    }
}
