/// An ``AppWorker`` whose process a ``WorkerSupervisor`` keeps: it only says how to run a call;
/// counting calls for the idle stop, warm-ups, idle stops and stopping come from the supervisor.
protocol SupervisedAppWorker: AppWorker {
    associatedtype Worker: SupervisedWorker
    var supervisor: WorkerSupervisor<Worker> { get }
    /// Starts a new worker process; only the supervisor calls it.
    func start() async throws -> Worker
    func runHTTP(_ call: HTTPInvocation, timeout: Duration?) async throws -> (response: HTTPMessage, outputs: FunctionOutputs, logs: [String])
    func runTimer(_ call: TimerInvocation, timeout: Duration?) async throws -> (outputs: FunctionOutputs, logs: [String])
    func runQueue(_ call: QueueInvocation, timeout: Duration?) async throws -> (outputs: FunctionOutputs, logs: [String])
}

extension SupervisedAppWorker {
    func invokeHTTP(_ call: HTTPInvocation, timeout: Duration?) async throws -> (response: HTTPMessage, outputs: FunctionOutputs, logs: [String]) {
        try await supervisor.tracking { try await runHTTP(call, timeout: timeout) }
    }

    func invokeTimer(_ call: TimerInvocation, timeout: Duration?) async throws -> (outputs: FunctionOutputs, logs: [String]) {
        try await supervisor.tracking { try await runTimer(call, timeout: timeout) }
    }

    func invokeQueue(_ call: QueueInvocation, timeout: Duration?) async throws -> (outputs: FunctionOutputs, logs: [String]) {
        try await supervisor.tracking { try await runQueue(call, timeout: timeout) }
    }

    func warm() async { await supervisor.warm { try await self.start() } }

    func stopIfIdle(_ idle: Duration) async -> Bool { await supervisor.stopIfIdle(idle) }

    func stop() async { await supervisor.stop() }

    var isRunning: Bool { supervisor.runningWorker != nil }

    var callsInFlight: Int { supervisor.callsInFlight }
}
