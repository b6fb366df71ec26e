public import Foundation

/// One execution of a function, as the invocation log keeps it.
public struct InvocationRecord: Sendable, Hashable, Codable {
    public struct Status: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let running = Status(rawValue: "running")
        public static let succeeded = Status(rawValue: "succeeded")
        public static let failed = Status(rawValue: "failed")
        public static let timedOut = Status(rawValue: "timedOut")
        /// The worker process running it stopped (crashed, was killed) before its end was written:
        /// set when that worker starts again. The call may or may not have been answered.
        public static let abandoned = Status(rawValue: "abandoned")
        public var description: String { rawValue }
    }

    public var id: UUID
    public var appID: UUID
    public var functionName: String
    /// `http`, `timer`, `queue` or `manual`.
    public var trigger: String
    public var startedAt: Date
    /// Milliseconds, once finished.
    public var durationMilliseconds: Double?
    public var status: Status
    /// The failure message, when failed.
    public var error: String?
    /// Lines the function logged.
    public var logs: [String]
    /// The worker (its name, stable across restarts) that ran it.
    public var workerID: String?
    /// The worker process that ran it (a UUIDv7 per process, so later processes sort after earlier ones).
    public var workerInstance: String?
    /// The W3C `traceparent` it ran under (its trace, its own span), as passed to the function;
    /// `nil` in records written before Hearth knew traces.
    public var traceParent: String?

    public init(
        id: UUID = .timeOrdered(),
        appID: UUID,
        functionName: String,
        trigger: String,
        startedAt: Date = Date(),
        durationMilliseconds: Double? = nil,
        status: Status = .running,
        error: String? = nil,
        logs: [String] = [],
        workerID: String? = nil,
        workerInstance: String? = nil,
        traceParent: String? = nil
    ) {
        self.id = id
        self.appID = appID
        self.functionName = functionName
        self.trigger = trigger
        self.startedAt = startedAt
        self.durationMilliseconds = durationMilliseconds
        self.status = status
        self.error = error
        self.logs = logs
        self.workerID = workerID
        self.workerInstance = workerInstance
        self.traceParent = traceParent
    }
}
