/// An `httpTrigger` binding with its companion `http` output binding.
public struct HTTPTriggerDefinition: Sendable {
    /// The trigger binding's `name` (usually `req`).
    public var bindingName: String
    /// `authLevel`; default ``AuthorizationLevel/function``.
    public var authLevel: AuthorizationLevel
    /// `methods`, upper-cased; `nil` accepts every method.
    public var methods: Set<String>?
    /// `route`, default the function name (without the app's route prefix).
    public var route: RouteTemplate
    /// The name of the `http` output binding (`res` or `$return`), if there is one.
    public var outputBindingName: String?

    /// Creates a definition.
    /// - Parameters:
    ///   - bindingName: The trigger binding name.
    ///   - authLevel: Required level.
    ///   - methods: Accepted methods or `nil` for all.
    ///   - route: The route template.
    ///   - outputBindingName: The http output binding's name.
    public init(
        bindingName: String,
        authLevel: AuthorizationLevel = .function,
        methods: Set<String>? = nil,
        route: RouteTemplate,
        outputBindingName: String? = nil
    ) {
        self.bindingName = bindingName
        self.authLevel = authLevel
        self.methods = methods.map { Set($0.map { $0.uppercased() }) }
        self.route = route
        self.outputBindingName = outputBindingName
    }
}
