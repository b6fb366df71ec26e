import Foundation
import HearthCore

/// Runs one app's function code, whatever its language: a custom handler over HTTP
/// (``CustomHandlerHost``, which also runs Hearth's Node worker) or a language worker over the
/// FunctionRpc gRPC protocol (``RpcWorkerHost``, the Python worker). The ``Invoker`` records,
/// times and maps failures; a worker only runs the call.
protocol AppWorker: AnyObject, Sendable {
    /// Runs an HTTP-triggered function; returns the HTTP response and the logs it wrote.
    func invokeHTTP(_ call: HTTPInvocation, timeout: Duration?) async throws -> (response: HTTPMessage, logs: [String])

    /// Runs a timer-triggered function; returns the logs it wrote.
    func invokeTimer(_ call: TimerInvocation, timeout: Duration?) async throws -> [String]

    /// Stops the worker's process when nothing was invoked for `idle` and nothing runs (scale to
    /// zero); the next invocation starts it again. Returns whether it stopped a process.
    func stopIfIdle(_ idle: Duration) async -> Bool

    /// Stops it for good (the app was replaced or removed).
    func stop() async
}

/// One HTTP-triggered call, as the front hands it to an ``AppWorker``.
struct HTTPInvocation: Sendable {
    var function: FunctionDefinition
    var trigger: HTTPTriggerDefinition
    var request: CustomHandlerPayload.Request
    /// Route parameters.
    var parameters: [String: String]
    /// Path and query as the caller sent them (forwarding mode).
    var forwardTarget: String
    var invocationID: UUID
}

/// One timer occurrence.
struct TimerInvocation: Sendable {
    var function: FunctionDefinition
    var bindingName: String
    var status: TimerStatus?
    var isPastDue: Bool
    var invocationID: UUID
}

/// When an ``AppWorker`` was last used, and how many calls it is running.
struct WorkerActivity: Sendable {
    private(set) var lastUsed = ContinuousClock.now
    private(set) var running = 0

    mutating func begin() {
        running += 1
        lastUsed = .now
    }

    mutating func end() {
        running -= 1
        lastUsed = .now
    }

    func isIdle(for idle: Duration) -> Bool { running == 0 && ContinuousClock.now - lastUsed >= idle }
}
