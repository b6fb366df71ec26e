/// One function of an app: a folder with a function.json.
public struct FunctionDefinition: Sendable {
    /// The folder name.
    public var name: String
    /// All bindings, including the trigger and bindings Hearth does not serve.
    public var bindings: [BindingDefinition]
    /// The parsed trigger.
    public var trigger: TriggerDefinition
    /// Disabled by app setting `AzureWebJobs.<name>.Disabled` (or v1 `"disabled": true`).
    public var disabled: Bool
    /// `scriptFile`, relative to the function folder.
    public var scriptFile: String?
    /// `entryPoint`.
    public var entryPoint: String?
    /// The function.json document as written.
    public var raw: JSONValue

    /// Creates a definition.
    /// - Parameters:
    ///   - name: The function name.
    ///   - bindings: The bindings.
    ///   - trigger: The trigger.
    ///   - disabled: Whether it is disabled.
    ///   - scriptFile: The script file.
    ///   - entryPoint: The entry point.
    ///   - raw: The document.
    public init(
        name: String,
        bindings: [BindingDefinition],
        trigger: TriggerDefinition,
        disabled: Bool = false,
        scriptFile: String? = nil,
        entryPoint: String? = nil,
        raw: JSONValue = .object([])
    ) {
        self.name = name
        self.bindings = bindings
        self.trigger = trigger
        self.disabled = disabled
        self.scriptFile = scriptFile
        self.entryPoint = entryPoint
        self.raw = raw
    }
}

extension FunctionDefinition {
    /// Whether the function has a `queue` output binding (`$return` included).
    public var hasQueueOutputs: Bool {
        bindings.contains { $0.direction == .out && $0.isQueue }
    }
}
