/// A started worker process of an app, as ``WorkerSupervisor`` keeps it: a custom handler's
/// endpoint, or a language worker with its functions loaded.
protocol SupervisedWorker: Sendable {
    var startedAt: ContinuousClock.Instant { get }
    /// Tells two workers apart (the process object).
    var processIdentity: ObjectIdentifier { get }
    /// `false` once the process exited (or its connection to Hearth ended).
    var isAlive: Bool { get }
    /// Why it stopped, with its last output (waits briefly for the exit status).
    func failureDescription() async -> String
    /// The first part of the app status while it runs ("custom handler pid 12 on port 3456").
    var statusDescription: String { get }
    /// Stops it: SIGTERM, SIGKILL after `grace`; releases what it holds.
    func terminate(grace: Duration) async
}
