import Foundation
import HearthCore
import HearthStore
import Logging
import NIOCore

/// Runs invocations: records them in the invocation log, applies `functionTimeout`, and turns
/// failures into 5xx answers that never reveal the failure's details to the caller (they go to the
/// invocation log, which callers with a management token can read).
struct Invoker: Sendable {
    let logWriter: InvocationLogWriter
    let workerID: String
    let logger: Logger

    func invokeHTTP(
        app: LoadedApp, function: FunctionDefinition, trigger: HTTPTriggerDefinition, request: CustomHandlerPayload.Request,
        parameters: [String: String], forwardTarget: String
    ) async -> HTTPMessage {
        var record = InvocationRecord(appID: app.record.id, functionName: function.name, trigger: "http", workerID: workerID)
        logWriter.record(record)
        let started = ContinuousClock.now
        do {
            let call = HTTPInvocation(
                function: function, trigger: trigger, request: request, parameters: parameters, forwardTarget: forwardTarget, invocationID: record.id)
            let (reply, logs) = try await app.handler.invokeHTTP(call, timeout: app.functionTimeout)
            record.logs = logs
            finish(&record, started: started, status: .succeeded)
            return reply
        } catch {
            return failed(&record, started: started, error: error)
        }
    }

    /// Runs a timer function; returns whether it succeeded.
    @discardableResult
    func invokeTimer(app: LoadedApp, function: FunctionDefinition, bindingName: String, status: TimerStatus?, isPastDue: Bool) async -> Bool {
        var record = InvocationRecord(appID: app.record.id, functionName: function.name, trigger: "timer", workerID: workerID)
        logWriter.record(record)
        let started = ContinuousClock.now
        do {
            let call = TimerInvocation(function: function, bindingName: bindingName, status: status, isPastDue: isPastDue, invocationID: record.id)
            record.logs = try await app.handler.invokeTimer(call, timeout: app.functionTimeout)
            finish(&record, started: started, status: .succeeded)
            return true
        } catch {
            _ = failed(&record, started: started, error: error)
            return false
        }
    }

    private func finish(_ record: inout InvocationRecord, started: ContinuousClock.Instant, status: InvocationRecord.Status) {
        let elapsed = ContinuousClock.now - started
        record.durationMilliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        record.status = status
        logWriter.record(record)
    }

    private func failed(_ record: inout InvocationRecord, started: ContinuousClock.Instant, error: any Error) -> HTTPMessage {
        let workerError = error as? WorkerError
        record.error = workerError?.message ?? "\(error)"
        if let logs = workerError?.logs, !logs.isEmpty { record.logs = logs }
        let timedOut = workerError?.code == .timedOut
        finish(&record, started: started, status: timedOut ? .timedOut : .failed)
        logger.warning("invocation failed", metadata: ["function": "\(record.functionName)", "invocation": "\(record.id)", "error": "\(record.error ?? "")"])
        let status: Int
        let text: String
        switch workerError?.code {
        case .some(.unavailable):
            status = 503
            text = "Service Unavailable: the function app is not running; it is restarted automatically."
        case .some(.timedOut):
            status = 500
            text = "Internal Server Error: the function did not finish within its timeout."
        default:
            status = 500
            text = "Internal Server Error: the function failed."
        }
        return HTTPMessage(
            status: status, headers: [("Content-Type", "text/plain; charset=utf-8")],
            body: ByteBuffer(string: "\(text) Invocation id: \(record.id.uuidString.lowercased())\n"))
    }
}
