/// One function of the serving deployment, with where to call it.
struct FunctionDTO: Codable, Sendable {
    var name: String
    /// The trigger binding's type, e.g. `httpTrigger`, `timerTrigger`.
    var trigger: String
    /// HTTP functions: `anonymous`, `function` or `admin`.
    var authLevel: String?
    /// HTTP functions: the methods allowed (`nil` = all).
    var methods: [String]?
    /// HTTP functions: the route template after the route prefix.
    var route: String?
    /// HTTP functions: `http://{app}.{base domain}:{port}/{prefix}/{route}`.
    var invokeUrl: String?
    /// HTTP functions: the same through the worker's path form, `{worker}/_app/{app}/{prefix}/{route}`.
    var invokeUrlPath: String?
    /// Timer functions: the schedule as written.
    var schedule: String?
    /// Queue functions: the queue name.
    var queueName: String?
    /// `true` when an app setting or function.json disables the function.
    var disabled: Bool?
}
