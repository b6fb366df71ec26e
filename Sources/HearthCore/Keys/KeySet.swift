/// The keys of one app, and the authorization level a presented key grants.
///
/// Matching follows the Functions host: the master key grants ``AuthorizationLevel/admin``, a system key
/// ``AuthorizationLevel/system``, a host function key or one of the function's own keys
/// ``AuthorizationLevel/function``; anything else is ``AuthorizationLevel/anonymous``.
///
/// ```swift
/// let keys = KeySet(masterKey: "m…", hostKeys: ["default": "h…"], functionKeys: ["HttpHello": ["default": "f…"]])
/// keys.authorizationLevel(for: request.headers["x-functions-key"], function: "HttpHello")
/// ```
public struct KeySet: Sendable {
    /// The master key (name `master`), if set.
    public var masterKey: String?
    /// Host function keys: name → value. Each works for every function.
    public var hostKeys: [String: String]
    /// System keys (used by extensions): name → value.
    public var systemKeys: [String: String]
    /// Function keys: function name (matched case-insensitively) → key name → value.
    public var functionKeys: [String: [String: String]]

    /// Creates a key set.
    /// - Parameters:
    ///   - masterKey: The master key.
    ///   - hostKeys: Host function keys by name.
    ///   - systemKeys: System keys by name.
    ///   - functionKeys: Keys per function.
    public init(
        masterKey: String? = nil,
        hostKeys: [String: String] = [:],
        systemKeys: [String: String] = [:],
        functionKeys: [String: [String: String]] = [:]
    ) {
        self.masterKey = masterKey
        self.hostKeys = hostKeys
        self.systemKeys = systemKeys
        self.functionKeys = functionKeys
    }

    /// The level a presented key grants for `function`, and the key's name.
    ///
    /// Every stored key is compared in constant time (the comparison does not stop at the first differing byte).
    /// - Parameters:
    ///   - presented: The `x-functions-key` header or `code` query value; `nil` or empty grants anonymous.
    ///   - function: The function being called.
    /// - Returns: The level and key name (`master` for the master key), or `(.anonymous, nil)`.
    public func authorizationLevel(for presented: String?, function: String) -> (level: AuthorizationLevel, keyName: String?) {
        guard let presented, !presented.isEmpty else { return (.anonymous, nil) }
        let candidate = Array(presented.utf8)
        if let masterKey, ConstantTime.equal(candidate, Array(masterKey.utf8)) {
            return (.admin, "master")
        }
        if let name = Self.match(candidate, in: systemKeys) { return (.system, name) }
        if let name = Self.match(candidate, in: hostKeys) { return (.function, name) }
        let lower = function.lowercased()
        for (functionName, keys) in functionKeys.sorted(by: { $0.key < $1.key }) where functionName.lowercased() == lower {
            if let name = Self.match(candidate, in: keys) { return (.function, name) }
        }
        return (.anonymous, nil)
    }

    /// The name of the key equal to `candidate`; compares against every key so timing does not reveal which matched.
    private static func match(_ candidate: [UInt8], in keys: [String: String]) -> String? {
        var found: String?
        for (name, value) in keys.sorted(by: { $0.key < $1.key }) {
            if ConstantTime.equal(candidate, Array(value.utf8)), found == nil { found = name }
        }
        return found
    }
}
