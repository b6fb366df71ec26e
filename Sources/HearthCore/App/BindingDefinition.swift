/// One entry of a function.json `bindings` array. Unknown properties are kept in ``raw``.
public struct BindingDefinition: Sendable, Hashable {
    /// `name`: the parameter name, or `$return`.
    public var name: String
    /// `type` as written, e.g. `httpTrigger`, `http`, `queue`, `blob`.
    public var type: String
    /// `direction`.
    public var direction: BindingDirection
    /// `dataType` (`string`, `binary`, `stream`), if given.
    public var dataType: String?
    /// The binding object as written.
    public var raw: JSONValue
    /// Whether `type` ends in `trigger` (case-insensitive).
    public var isTrigger: Bool

    /// Creates a binding.
    /// - Parameters:
    ///   - name: The binding name.
    ///   - type: The binding type.
    ///   - direction: The direction.
    ///   - dataType: The data type.
    ///   - raw: The JSON object.
    public init(name: String, type: String, direction: BindingDirection, dataType: String? = nil, raw: JSONValue = .object([])) {
        self.name = name
        self.type = type
        self.direction = direction
        self.dataType = dataType
        self.raw = raw
        self.isTrigger = type.lowercased().hasSuffix("trigger")
    }

    /// The binding types Hearth serves (lower-case).
    public static let supportedTypes: Set<String> = ["httptrigger", "http", "timertrigger", "queuetrigger", "queue"]

    /// Whether Hearth serves this binding type.
    public var isSupported: Bool { Self.supportedTypes.contains(type.lowercased()) }

    /// Whether the binding's type is `queue`, in any case: compared without a lowercased copy (the
    /// warm path asks for every request). The same answer as `type.lowercased() == "queue"`: no
    /// character but an ASCII letter lowercases to `q`, `u` or `e`.
    public var isQueue: Bool { type.equalsIgnoringASCIICase("queue") }
}
