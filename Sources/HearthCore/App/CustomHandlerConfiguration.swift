/// host.json `customHandler` (or legacy `httpWorker`): how to start the app's own HTTP server.
///
/// ```json
/// "customHandler": {
///   "description": { "defaultExecutablePath": "handler", "arguments": ["--verbose"], "workingDirectory": "" },
///   "enableForwardingHttpRequest": true
/// }
/// ```
public struct CustomHandlerConfiguration: Sendable, Hashable {
    /// `description.defaultExecutablePath`: a path relative to the app root, or a command on `PATH`.
    public var executablePath: String
    /// `description.arguments` (`%VAR%` references are expanded when the process starts).
    public var arguments: [String]
    /// `description.workingDirectory`, relative to the app root; `nil` = the app root.
    public var workingDirectory: String?
    /// `enableForwardingHttpRequest` (or its newer spelling `enableProxyingHttpRequest`): forward HTTP
    /// requests unchanged to the handler instead of wrapping them in the invocation payload.
    public var enableForwardingHttpRequest: Bool

    /// Creates a configuration.
    /// - Parameters:
    ///   - executablePath: The executable.
    ///   - arguments: Its arguments.
    ///   - workingDirectory: Working directory relative to the app root.
    ///   - enableForwardingHttpRequest: Forward HTTP requests as-is.
    public init(executablePath: String, arguments: [String] = [], workingDirectory: String? = nil, enableForwardingHttpRequest: Bool = false) {
        self.executablePath = executablePath
        self.arguments = arguments
        self.workingDirectory = workingDirectory
        self.enableForwardingHttpRequest = enableForwardingHttpRequest
    }
}
