/// One function of the serving deployment, with where to call it.
package struct FunctionDTO: Codable, Sendable {
    package var name: String
    /// The trigger binding's type, e.g. `httpTrigger`, `timerTrigger`.
    package var trigger: String
    /// HTTP functions: `anonymous`, `function` or `admin`.
    package var authLevel: String?
    /// HTTP functions: the methods allowed (`nil` = all).
    package var methods: [String]?
    /// HTTP functions: the route template after the route prefix.
    package var route: String?
    /// HTTP functions: `http://{app}.{base domain}:{port}/{prefix}/{route}`.
    package var invokeUrl: String?
    /// HTTP functions: the same through the worker's path form, `{worker}/_app/{app}/{prefix}/{route}`.
    package var invokeUrlPath: String?
    /// Timer functions: the schedule as written.
    package var schedule: String?
    /// Queue functions: the queue name.
    package var queueName: String?
    /// `true` when an app setting or function.json disables the function.
    package var disabled: Bool?
}
