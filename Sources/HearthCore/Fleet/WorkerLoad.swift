/// What a worker reports with each heartbeat: how busy it is right now.
public struct WorkerLoad: Sendable, Hashable, Codable {
    /// Apps with a running language worker on this machine.
    public var appsRunning: Int
    /// Memory the sandboxes of those apps use, in bytes (0 when the worker cannot read it).
    public var sandboxMemoryBytes: Int64
    /// Invocations started and not yet finished.
    public var inFlightInvocations: Int

    public init(appsRunning: Int = 0, sandboxMemoryBytes: Int64 = 0, inFlightInvocations: Int = 0) {
        self.appsRunning = appsRunning
        self.sandboxMemoryBytes = sandboxMemoryBytes
        self.inFlightInvocations = inFlightInvocations
    }

    /// No load: a worker that has not reported yet.
    public static let idle = WorkerLoad()
}
