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
    /// This process (``WorkerConfiguration/instanceID``), recorded so a restart can tell its rows.
    let workerInstance: String
    let logger: Logger
    /// Puts what functions wrote to their queue output bindings once they succeeded; `nil` when
    /// the worker has no queue store (a function with queue outputs then fails).
    var queueOutputs: QueueOutputWriter? = nil

    /// One invocation between its start and its end, as the log records it.
    struct Running: Sendable {
        var record: InvocationRecord
        let started: ContinuousClock.Instant
        /// The function's metric handles (none for a function the app did not load).
        var metrics: FunctionMetrics? = nil
    }

    /// The response header naming the invocation, so a caller (the portal's test run) can find
    /// its record and logs in the invocation log.
    static let invocationIDHeader = "x-hearth-invocation-id"

    /// `reply` with the ``invocationIDHeader``.
    ///
    /// The reply's headers are usually shared (the future that carried the reply keeps it), so
    /// they are copied once into an array with room for the tag, rather than copied by the removal
    /// and then grown by the append.
    static func tagged(_ reply: HTTPMessage, invocation: UUID) -> HTTPMessage {
        var reply = reply
        var headers: [(name: String, value: String)] = []
        headers.reserveCapacity(reply.headers.count + 1)
        for header in reply.headers where !header.name.equalsIgnoringASCIICase(invocationIDHeader) { headers.append(header) }
        headers.append((invocationIDHeader, invocation.lowercasedText))
        reply.headers = headers
        return reply
    }

    func invokeHTTP(
        app: LoadedApp,
        function: FunctionDefinition,
        trigger: HTTPTriggerDefinition,
        request: CustomHandlerPayload.Request,
        parameters: [String: String],
        forwardTarget: String
    ) async -> HTTPMessage {
        var running = begin(app: app, function: function, trigger: "http", traceParent: TraceHeader.value(in: request.headers))
        do {
            let call = HTTPInvocation(
                function: function,
                trigger: trigger,
                request: request,
                parameters: parameters,
                forwardTarget: forwardTarget,
                invocationID: running.record.id,
                traceParent: running.record.traceParent
            )
            let (reply, outputs, logs) = try await app.handler.invokeHTTP(call, timeout: app.functionTimeout)
            running.record.logs = logs
            try await commit(outputs, app: app, function: function)
            succeeded(&running, logs: logs)
            return Self.tagged(reply, invocation: running.record.id)
        } catch {
            return Self.tagged(failed(&running, error: error, timeout: app.functionTimeout), invocation: running.record.id)
        }
    }

    /// Records that an invocation starts, in the trace of `incoming` (a caller's `traceparent`)
    /// when that is valid, else in a new trace.
    func begin(app: LoadedApp, function: FunctionDefinition, trigger: String, traceParent incoming: String? = nil) -> Running {
        let id = UUID.timeOrdered()
        let record = InvocationRecord(
            id: id,
            appID: app.record.id,
            functionName: function.name,
            trigger: trigger,
            workerID: workerID,
            workerInstance: workerInstance,
            traceParent: TraceHeader.trace(invocation: id, incoming: incoming).header
        )
        logWriter.record(record)
        let metrics = app.metrics[function.name]
        metrics?.started()
        return Running(record: record, started: .now, metrics: metrics)
    }

    /// Records that it succeeded, with the lines the function logged.
    func succeeded(_ running: inout Running, logs: [String]) {
        running.record.logs = logs
        finish(&running, status: .succeeded)
    }

    /// Records that it failed and returns the caller's answer: 503 when the app is not running,
    /// 500 otherwise, with the invocation id and never the failure's details.
    func failed(_ running: inout Running, error: any Error, timeout functionTimeout: Duration?) -> HTTPMessage {
        let workerError = error as? WorkerError
        let message = workerError?.message ?? "\(error)"
        if let logs = workerError?.logs, !logs.isEmpty { running.record.logs = logs }
        let timedOut = workerError?.code == .timedOut
        let azure = Self.azureFailure(of: workerError, message: message, function: running.record.functionName, timeout: functionTimeout)
        finish(&running, status: timedOut ? .timedOut : .failed) { record in
            // Hearth's summary first, then the lines the Azure host writes for the same failure.
            let milliseconds = record.durationMilliseconds ?? 0
            let lines = azure.lines(function: record.functionName, invocationID: record.id, milliseconds: milliseconds)
            record.error = ([message] + lines).joined(separator: "\n")
        }
        let record = running.record
        logger.warning(
            "invocation failed",
            metadata: ["function": "\(record.functionName)", "invocation": "\(record.id)", "error": "\(message)"]
        )
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
            status: status,
            headers: [("Content-Type", "text/plain; charset=utf-8")],
            body: ByteBuffer(string: "\(text) Invocation id: \(record.id.uuidString.lowercased())\n")
        )
    }

    /// Runs a timer function (`trigger` is what the invocation log records: `timer`, or `manual`
    /// for a run through the admin API); returns whether it succeeded and the invocation's id.
    @discardableResult
    func invokeTimer(
        app: LoadedApp,
        function: FunctionDefinition,
        bindingName: String,
        status: TimerStatus?,
        isPastDue: Bool,
        trigger: String = "timer"
    ) async -> (succeeded: Bool, invocationID: UUID) {
        var running = begin(app: app, function: function, trigger: trigger)
        do {
            let call = TimerInvocation(
                function: function,
                bindingName: bindingName,
                status: status,
                isPastDue: isPastDue,
                invocationID: running.record.id,
                traceParent: running.record.traceParent
            )
            let (outputs, logs) = try await app.handler.invokeTimer(call, timeout: app.functionTimeout)
            running.record.logs = logs
            try await commit(outputs, app: app, function: function)
            succeeded(&running, logs: logs)
            return (true, running.record.id)
        } catch {
            _ = failed(&running, error: error, timeout: app.functionTimeout)
            return (false, running.record.id)
        }
    }

    /// Runs a queue-triggered function on `message` (taken under a lease); returns whether it
    /// succeeded, its outputs committed. The message's content is decoded per host.json's
    /// `messageEncoding` first: a message that does not decode fails the invocation. The log
    /// starts with the line the Azure host writes for a queue trigger (the message id).
    func invokeQueue(app: LoadedApp, function: FunctionDefinition, trigger: QueueTriggerDefinition, message: QueueMessage) async -> Bool {
        var running = begin(app: app, function: function, trigger: "queue")
        let details = Self.triggerDetails(message)
        running.record.logs = [details]
        do {
            let content = try QueueMessageCodec.decode(message.body, encoding: app.model.host.queues.messageEncoding)
            let call = QueueInvocation(
                function: function,
                trigger: trigger,
                message: message,
                content: content,
                invocationID: running.record.id,
                traceParent: running.record.traceParent
            )
            let (outputs, logs) = try await app.handler.invokeQueue(call, timeout: app.functionTimeout)
            running.record.logs = [details] + logs
            try await commit(outputs, app: app, function: function)
            succeeded(&running, logs: [details] + logs)
            return true
        } catch {
            var failure = error
            if var workerError = error as? WorkerError {
                workerError.logs = [details] + workerError.logs
                failure = workerError
            }
            _ = failed(&running, error: failure, timeout: app.functionTimeout)
            return false
        }
    }

    /// `Trigger Details: MessageId: …, DequeueCount: …, InsertedOn: …`, as the Azure host logs it.
    static func triggerDetails(_ message: QueueMessage) -> String {
        "Trigger Details: MessageId: \(message.id.uuidString.lowercased()), DequeueCount: \(message.dequeueCount), "
            + "InsertedOn: \(CustomHandlerPayload.offsetTime(message.insertedAt))"
    }

    /// Puts `outputs` on their queues (the function succeeded).
    private func commit(_ outputs: FunctionOutputs, app: LoadedApp, function: FunctionDefinition) async throws {
        guard !outputs.queueMessages.isEmpty else { return }
        guard let queueOutputs else {
            throw QueueBindingError("function '\(function.name)' wrote queue messages, but this worker has no queue store to put them in")
        }
        try await queueOutputs.commit(outputs, app: app, function: function)
    }

    private func finish(_ running: inout Running, status: InvocationRecord.Status, amend: (inout InvocationRecord) -> Void = { _ in }) {
        let elapsed = ContinuousClock.now - running.started
        running.record.durationMilliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        running.record.status = status
        amend(&running.record)
        logWriter.record(running.record)
        running.metrics?.finished(status, elapsed: elapsed)
        running.metrics = nil  // counted once
    }

    /// What the Azure host would write for `workerError`: the worker's own account when it gave
    /// one, the host's timeout exception past `functionTimeout`, else Hearth's message.
    static func azureFailure(of workerError: WorkerError?, message: String, function: String, timeout: Duration?) -> AzureFailure {
        if let failure = workerError?.azureFailure { return failure }
        if workerError?.code == .timedOut { return .timeout(timeout, function: function) }
        return AzureFailure(text: message)
    }
}
