import Foundation
import HearthCore

extension CustomHandlerHost: SupervisedAppWorker {
    func runHTTP(_ call: HTTPInvocation, timeout: Duration?) async throws -> (response: HTTPMessage, logs: [String]) {
        if configuration.enableForwardingHttpRequest {
            let request = call.request
            let response = try await forward(
                HTTPMessage(method: request.method, target: call.forwardTarget, headers: request.headers, body: request.body), timeout: timeout)
            return (response, [])
        }
        let payload = CustomHandlerPayload.http(
            functionName: call.function.name, bindingName: call.trigger.bindingName, request: call.request, parameters: call.parameters,
            invocationID: call.invocationID)
        let json = try await invoke(function: call.function.name, payload: payload, invocationID: call.invocationID, timeout: timeout)
        let (response, logs) = try CustomHandlerPayload.httpResponse(from: json, outputBinding: call.trigger.outputBindingName)
        return (response, logs)
    }

    func runTimer(_ call: TimerInvocation, timeout: Duration?) async throws -> [String] {
        let payload = CustomHandlerPayload.timer(functionName: call.function.name, bindingName: call.bindingName, status: call.status, isPastDue: call.isPastDue)
        let json = try await invoke(function: call.function.name, payload: payload, invocationID: call.invocationID, timeout: timeout)
        return (try? CustomHandlerPayload.httpResponse(from: json, outputBinding: "$return").logs) ?? []
    }
}
