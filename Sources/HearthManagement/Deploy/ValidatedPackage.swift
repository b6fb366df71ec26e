/// A deployment package that passed validation, as the management API shows it: its functions
/// and the HTTP route prefix (not a running app: the worker role runs those).
package struct ValidatedPackage: Sendable {
    struct Function: Sendable {
        var name: String
        var triggerType: String
        var disabled: Bool
        var authLevel: String?
        var methods: [String]?
        var route: String?
        var schedule: String?
        var queueName: String?
        /// A queue trigger's `connection` (the app setting naming its queue account), if given.
        var connection: String?
    }

    var functions: [Function]
    package var routePrefix: String
    /// What validation accepted but the deployer should know (unknown binding types, v1-only properties …).
    var warnings: [String] = []
    /// The worker that runs the app, as the host chooses it (host.json's `customHandler` first,
    /// then `FUNCTIONS_WORKER_RUNTIME`).
    package var worker: AppWorkerKind = .notSet

    var functionNames: [String] { functions.map(\.name) }

    /// The functions with their invoke URLs.
    package func functionDTOs(appName: String, urls: FunctionURLBuilder) -> [FunctionDTO] {
        functions.map { function in
            var dto = FunctionDTO(name: function.name, trigger: function.triggerType, schedule: function.schedule)
            dto.queueName = function.queueName
            dto.disabled = function.disabled ? true : nil
            if let route = function.route {
                dto.authLevel = function.authLevel
                dto.methods = function.methods
                dto.route = route
                dto.invokeUrl = urls.hostURL(app: appName, routePrefix: routePrefix, route: route)
                dto.invokeUrlPath = urls.pathURL(app: appName, routePrefix: routePrefix, route: route)
            }
            return dto
        }
    }
}
