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
        let endpoint = try await endpoint()
        let payload = CustomHandlerPayload.timer(
            functionName: call.function.name,
            bindingName: call.bindingName,
            status: call.status,
            isPastDue: call.isPastDue
        )
        do {
            let json = try await exchange(
                function: call.function.name,
                payload: payload,
                invocationID: call.invocationID,
                endpoint: endpoint,
                deadline: Self.deadline(timeout),
                loop: Self.currentLoop
            ).get()
            return (CustomHandlerPayload.queueOutputs(from: json, function: call.function), CustomHandlerPayload.logs(from: json))
        } catch {
            throw await failure(error, endpoint: endpoint, timeout: timeout)
        }
    }

    func runQueue(_ call: QueueInvocation, timeout: Duration?) async throws -> (outputs: FunctionOutputs, logs: [String]) {
        let endpoint = try await endpoint()
        let payload = CustomHandlerPayload.queue(
            functionName: call.function.name,
            bindingName: call.trigger.bindingName,
            message: call.message,
            content: call.content
        )
        do {
            let json = try await exchange(
                function: call.function.name,
                payload: payload,
                invocationID: call.invocationID,
                endpoint: endpoint,
                deadline: Self.deadline(timeout),
                loop: Self.currentLoop
            ).get()
            return (CustomHandlerPayload.queueOutputs(from: json, function: call.function), CustomHandlerPayload.logs(from: json))
        } catch {
            throw await failure(error, endpoint: endpoint, timeout: timeout)
        }
    }
}
