import Foundation
import HearthCore
import NIOCore

extension CustomHandlerHost: SupervisedAppWorker {
    func runHTTP(_ call: HTTPInvocation, timeout: Duration?) async throws -> (response: HTTPMessage, outputs: FunctionOutputs, logs: [String]) {
        let endpoint = try await endpoint()
        do {
            return try await startHTTP(call, on: endpoint, deadline: Self.deadline(timeout), loop: Self.currentLoop).get()
        } catch {
            throw await failure(error, endpoint: endpoint, timeout: timeout)
        }
    }

    func runTimer(_ call: TimerInvocation, timeout: Duration?) async throws -> (outputs: FunctionOutputs, logs: [String]) {
        let payload = CustomHandlerPayload.timer(
            functionName: call.function.name,
            bindingName: call.bindingName,
            status: call.status,
            isPastDue: call.isPastDue
        )
        return try await run(call.function, payload: payload, invocationID: call.invocationID, traceParent: call.traceParent, timeout: timeout)
    }

    func runQueue(_ call: QueueInvocation, timeout: Duration?) async throws -> (outputs: FunctionOutputs, logs: [String]) {
        let payload = CustomHandlerPayload.queue(
            functionName: call.function.name,
            bindingName: call.trigger.bindingName,
            message: call.message,
            content: call.content
        )
        return try await run(call.function, payload: payload, invocationID: call.invocationID, traceParent: call.traceParent, timeout: timeout)
    }

    /// Sends a non-HTTP trigger's `{"Data", "Metadata"}` payload; returns the reply's queue
    /// outputs and logs.
    private func run(
        _ function: FunctionDefinition,
        payload: JSONValue,
        invocationID: UUID,
        traceParent: String?,
        timeout: Duration?
    ) async throws -> (outputs: FunctionOutputs, logs: [String]) {
        let endpoint = try await endpoint()
        do {
            let json = try await exchange(
                function: function.name,
                payload: payload,
                invocationID: invocationID,
                traceParent: traceParent,
                endpoint: endpoint,
                deadline: Self.deadline(timeout),
                loop: Self.currentLoop
            ).get()
            return (CustomHandlerPayload.queueOutputs(from: json, function: function), CustomHandlerPayload.logs(from: json))
        } catch {
            throw await failure(error, endpoint: endpoint, timeout: timeout)
        }
    }
}
