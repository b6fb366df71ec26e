/// An error of the worker role. `description` is safe to show to the caller of a function.
public struct WorkerError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case launchFailed, startFailed, handlerFailed, timedOut, unavailable, badResponse, packageMissing, fleet
        }
        private var wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }
        /// The program could not be started at all.
        public static let launchFailed = Code(.launchFailed)
        /// It started but exited or never listened.
        public static let startFailed = Code(.startFailed)
        /// The handler answered a failure or dropped the connection.
        public static let handlerFailed = Code(.handlerFailed)
        /// The invocation ran past `functionTimeout`.
        public static let timedOut = Code(.timedOut)
        /// The app's handler is down and waiting before its next restart.
        public static let unavailable = Code(.unavailable)
        /// The handler's reply does not follow the custom-handler protocol.
        public static let badResponse = Code(.badResponse)
        /// The deployment's package is not in the store.
        public static let packageMissing = Code(.packageMissing)
        /// The worker cannot join the fleet or stay in it (enrolment refused, identity unreadable).
        public static let fleet = Code(.fleet)
        public var description: String { String(describing: wrapped) }
    }

    public var code: Code
    public var message: String
    public var cause: (any Error)?
    /// What the function logged before it failed (kept in the invocation log).
    public var logs: [String]
    /// The failure as the Azure Functions host would write it, when the worker said what failed
    /// (``Invoker`` writes it after the invocation's end line; nil: the message stands for it).
    var azureFailure: AzureFailure?

    public init(_ code: Code, _ message: String, cause: (any Error)? = nil, logs: [String] = []) {
        self.code = code
        self.message = message
        self.cause = cause
        self.logs = logs
    }

    public var description: String { message }
}
