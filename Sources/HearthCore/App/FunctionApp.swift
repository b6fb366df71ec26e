/// A loaded function app: host.json, its functions, and the warnings found while loading.
///
/// Produced by ``FunctionAppLoader/load(files:settings:read:)``.
public struct FunctionApp: Sendable {
    /// host.json.
    public var host: HostConfiguration
    /// The functions, sorted by name.
    public var functions: [FunctionDefinition]
    /// Problems that did not stop the app from loading.
    public var warnings: [AppValidationIssue]
    /// The `FUNCTIONS_WORKER_RUNTIME` app setting (`custom`, `python`, `node` …), if set.
    public var workerRuntime: String?

    /// Creates an app.
    /// - Parameters:
    ///   - host: host.json.
    ///   - functions: The functions.
    ///   - warnings: Loader warnings.
    ///   - workerRuntime: The worker runtime.
    public init(host: HostConfiguration, functions: [FunctionDefinition], warnings: [AppValidationIssue] = [], workerRuntime: String? = nil) {
        self.host = host
        self.functions = functions
        self.warnings = warnings
        self.workerRuntime = workerRuntime
    }

    /// The function with this name (case-insensitive).
    /// - Parameter name: The function name.
    public func function(named name: String) -> FunctionDefinition? {
        let lower = name.lowercased()
        return functions.first { $0.name.lowercased() == lower }
    }

    /// The routes of the enabled HTTP functions (without the route prefix).
    public var routeTable: RouteTable {
        RouteTable(
            functions.compactMap { function in
                guard !function.disabled, case .http(let http) = function.trigger else { return nil }
                return RouteTable.Entry(functionName: function.name, route: http.route, methods: http.methods)
            }
        )
    }
}
