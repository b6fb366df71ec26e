import Foundation
import HearthCore

/// Runs one app's function code, whatever its language: a custom handler over HTTP
/// (``CustomHandlerHost``, which also runs Hearth's Node worker) or a language worker over the
/// FunctionRpc gRPC protocol (``RpcWorkerHost``, the Python worker). The ``Invoker`` records,
/// times and maps failures; a worker only runs the call.
protocol AppWorker: AnyObject, Sendable {
    /// Runs an HTTP-triggered function; returns the HTTP response, what it wrote to its queue
    /// output bindings and the logs it wrote.
    func invokeHTTP(_ call: HTTPInvocation, timeout: Duration?) async throws -> (response: HTTPMessage, outputs: FunctionOutputs, logs: [String])

    /// Runs a timer-triggered function; returns its queue outputs and the logs it wrote.
    func invokeTimer(_ call: TimerInvocation, timeout: Duration?) async throws -> (outputs: FunctionOutputs, logs: [String])

    /// Runs a queue-triggered function on one message; returns its queue outputs and the logs it wrote.
    func invokeQueue(_ call: QueueInvocation, timeout: Duration?) async throws -> (outputs: FunctionOutputs, logs: [String])

    /// Starts the worker's process if it does not run, ahead of any invocation (`HEARTH_ALWAYS_READY`).
    /// Does nothing while it starts, while a failed start or a crash is backing off, or after
    /// ``stop()``; a start that fails counts, backs off and is logged like any other, and is not thrown.
    func warm() async

    /// Stops the worker's process when nothing was invoked for `idle` and nothing runs (scale to
    /// zero); the next invocation starts it again. Returns whether it stopped a process.
    func stopIfIdle(_ idle: Duration) async -> Bool

    /// Stops it for good (the app was replaced or removed).
    func stop() async

    /// Whether its process runs now (the fleet heartbeat's apps-running figure).
    var isRunning: Bool { get }

    /// Calls running now (the fleet heartbeat's in-flight figure).
    var callsInFlight: Int { get }
}
