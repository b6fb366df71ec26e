import Foundation
import HearthCore

extension RpcWorkerHost: SupervisedAppWorker {
    func runHTTP(_ call: HTTPInvocation, timeout: Duration?) async throws -> (response: HTTPMessage, outputs: FunctionOutputs, logs: [String]) {
        let worker = try await worker()
        let functionID = try Self.functionID(call.function.name, in: worker)
        let (response, logs) = try await run(RpcInvocationMapping.httpRequest(call, functionID: functionID), on: worker, timeout: timeout)
        do {
            let reply = try RpcInvocationMapping.httpResponse(response, outputBinding: call.trigger.outputBindingName)
            return (reply, RpcInvocationMapping.queueOutputs(response, function: call.function), logs)
        } catch var error as WorkerError {
            error.logs = logs
            throw error
        }
    }

    func runTimer(_ call: TimerInvocation, timeout: Duration?) async throws -> (outputs: FunctionOutputs, logs: [String]) {
        let worker = try await worker()
        let functionID = try Self.functionID(call.function.name, in: worker)
        let (response, logs) = try await run(RpcInvocationMapping.timerRequest(call, functionID: functionID), on: worker, timeout: timeout)
        return (RpcInvocationMapping.queueOutputs(response, function: call.function), logs)
    }

    func runQueue(_ call: QueueInvocation, timeout: Duration?) async throws -> (outputs: FunctionOutputs, logs: [String]) {
        let worker = try await worker()
        let functionID = try Self.functionID(call.function.name, in: worker)
        let (response, logs) = try await run(RpcInvocationMapping.queueRequest(call, functionID: functionID), on: worker, timeout: timeout)
        return (RpcInvocationMapping.queueOutputs(response, function: call.function), logs)
    }

    private static func functionID(_ name: String, in worker: Worker) throws -> String {
        if let id = worker.functionIDs[name.lowercased()] { return id }
        let reason = worker.loadErrors[name.lowercased()] ?? "the worker did not load it"
        var error = WorkerError(.handlerFailed, "function '\(name)' failed to load: \(reason)")
        // As on Azure, each invocation of a function that failed to load fails with the load's exception.
        error.azureFailure = worker.loadFailures[name.lowercased()]
        throw error
    }

    /// Sends the invocation and waits for its response; past `timeout` the worker is killed.
    private func run(_ request: RpcInvocationRequest, on worker: Worker, timeout: Duration?) async throws -> (RpcInvocationResponse, logs: [String]) {
        var message = RpcMessage()
        message.requestID = UUID.random().uuidString.lowercased()
        message.invocationRequest = request
        let connection = worker.base.connection
        let id = request.invocationID
        // Whatever happens, the invocation's log buffer goes (each path below took what it needed).
        defer { _ = connection.takeLogs(invocationID: id) }
        let reply: RpcMessage
        do {
            reply = try await connection.request(message, expecting: .invocation(invocationID: id), timeout: timeout)
        } catch is DeadlineExceeded {
            let logs = connection.takeLogs(invocationID: id)
            let limit = timeout.map { "\($0)" } ?? "none"
            await recycle(worker, reason: "an invocation ran past functionTimeout (\(limit))")
            throw WorkerError(.timedOut, "the function did not finish within functionTimeout (\(limit)); the worker was restarted", logs: logs)
        } catch let error as WorkerError {
            // The stream closed: say how the process ended when it did.
            let logs = connection.takeLogs(invocationID: id)
            if let exit = await worker.base.process.exitStatus(waitingUpTo: .milliseconds(500)) {
                throw WorkerError(.handlerFailed, "the language worker \(exit) during the invocation", cause: error, logs: logs)
            }
            throw WorkerError(error.code, error.message, cause: error.cause, logs: logs)
        }
        let logs = connection.takeLogs(invocationID: id)
        guard case .invocationResponse(let response) = reply.content else {
            throw WorkerError(.badResponse, "the worker answered an invocation with an unexpected message", logs: logs)
        }
        guard response.result.status == .success else {
            // The traceback goes to the invocation log with the lines the function wrote.
            let trace = response.result.exception.stackTrace.trimmingCharacters(in: .whitespacesAndNewlines)
            var error = WorkerError(
                .handlerFailed,
                "the function failed: \(response.result.failureText)",
                logs: logs + (trace.isEmpty ? [] : ["[Error] \(trace.prefix(8192))"])
            )
            error.azureFailure = response.result.azureFailure
            throw error
        }
        return (response, logs)
    }
}
