import Foundation
import HearthCore
import NIOCore
import SwiftProtobuf

/// Builds FunctionRpc requests from Hearth's calls and reads the worker's responses, as the Azure
/// Functions host does for a worker that declared `RawHttpBodyBytes`, `RpcHttpBodyOnly` and
/// `RpcHttpTriggerMetadataRemoved`: the body only as bytes, header names lower-cased, no copy of
/// the request in the trigger metadata.
enum RpcInvocationMapping {
    /// `FunctionLoadRequest` for one function; `directory` and `scriptFile` as the worker sees them.
    static func loadRequest(function: FunctionDefinition, functionID: String, appRoot: String) -> RpcFunctionLoadRequest {
        var metadata = AzureFunctionsRpcMessages_RpcFunctionMetadata()
        metadata.name = function.name
        metadata.directory = appRoot + "/" + function.name
        let script = function.scriptFile ?? "__init__.py"
        metadata.scriptFile = script.hasPrefix("/") ? script : appRoot + "/" + normalized(function.name + "/" + script)
        metadata.entryPoint = function.entryPoint ?? ""
        for binding in function.bindings {
            var info = RpcBindingInfo()
            info.type = canonicalType(binding.type)
            info.direction =
                switch binding.direction {
                case .in: .in
                case .out: .out
                case .inout: .inout
                }
            info.dataType =
                switch binding.dataType?.lowercased() {
                case "string": .string
                case "binary": .binary
                case "stream": .stream
                default: .undefined
                }
            metadata.bindings[binding.name] = info
        }
        var request = RpcFunctionLoadRequest()
        request.functionID = functionID
        request.metadata = metadata
        return request
    }

    /// The binding types Hearth serves, spelled as the Python worker's converters are registered
    /// (`queueTrigger`, not `QueueTrigger`): Hearth reads function.json case-insensitively, the
    /// worker's registry does not. Other types go as written.
    static func canonicalType(_ type: String) -> String {
        let known = ["httpTrigger", "http", "timerTrigger", "queueTrigger", "queue"]
        return known.first { $0.lowercased() == type.lowercased() } ?? type
    }

    static func httpRequest(_ call: HTTPInvocation, functionID: String) -> RpcInvocationRequest {
        var http = RpcHTTP()
        http.method = call.request.method
        http.url = call.request.url
        for (name, value) in call.request.headers {
            let key = name.lowercased()
            http.headers[key] = http.headers[key].map { "\($0), \(value)" } ?? value
        }
        for (name, value) in call.request.query {
            http.query[name] = http.query[name].map { "\($0),\(value)" } ?? value
        }
        http.params = call.parameters
        var body = RpcTypedData()
        body.bytes = Data(call.request.body.readableBytesView)
        http.body = body
        var data = RpcTypedData()
        data.http = http
        var request = invocation(
            id: call.invocationID,
            functionID: functionID,
            bindingName: call.trigger.bindingName,
            data: data,
            traceParent: call.traceParent
        )
        for (name, value) in call.parameters {
            var typed = RpcTypedData()
            typed.string = value
            request.triggerMetadata[name] = typed
        }
        return request
    }

    static func timerRequest(_ call: TimerInvocation, functionID: String) -> RpcInvocationRequest {
        let payload = CustomHandlerPayload.timer(
            functionName: call.function.name,
            bindingName: call.bindingName,
            status: call.status,
            isPastDue: call.isPastDue
        )
        var data = RpcTypedData()
        data.json = (payload["Data"]?[call.bindingName] ?? .null).serialized(pretty: false)
        return invocation(id: call.invocationID, functionID: functionID, bindingName: call.bindingName, data: data, traceParent: call.traceParent)
    }

    /// An invocation request; its trace context is `traceParent` (the invocation's, see
    /// ``InvocationRecord/traceParent``), or a random one without it.
    static func invocation(
        id: UUID,
        functionID: String,
        bindingName: String,
        data: RpcTypedData,
        traceParent: String? = nil
    ) -> RpcInvocationRequest {
        var input = RpcParameterBinding()
        input.name = bindingName
        input.data = data
        var request = RpcInvocationRequest()
        request.invocationID = id.uuidString.lowercased()
        request.functionID = functionID
        request.inputData = [input]
        var context = AzureFunctionsRpcMessages_RpcTraceContext()
        context.traceParent = traceParent ?? "00-\(randomHex())\(randomHex())-\(randomHex())-00"
        request.traceContext = context
        return request
    }

    /// The HTTP response of a finished invocation: the `http` output binding `outputBinding`
    /// (`$return` = the return value). No output → 204, as the v4 host answers.
    static func httpResponse(_ response: RpcInvocationResponse, outputBinding: String?) throws -> HTTPMessage {
        let output: RpcTypedData?
        if outputBinding == nil || outputBinding == "$return" {
            output = response.hasReturnValue ? response.returnValue : nil
        } else {
            output = response.outputData.first { $0.name == outputBinding }?.data
        }
        guard let output, let data = output.data else { return HTTPMessage(status: 204) }
        guard case .http(let http) = data else {
            var message = HTTPMessage(status: 200)
            let (body, contentType) = bodyBytes(output)
            message.body = body
            message.headers = [("Content-Type", contentType)]
            return message
        }
        var message = HTTPMessage()
        if !http.statusCode.isEmpty {
            guard let code = Int(http.statusCode), (100...599).contains(code) else {
                throw WorkerError(.badResponse, "the function returned HTTP status '\(http.statusCode)'; use a number from 100 to 599")
            }
            message.status = code
        }
        for (name, value) in http.headers.sorted(by: { $0.key < $1.key }) { message.headers.append((name, value)) }
        if http.hasBody, http.body.data != nil {
            let (body, contentType) = bodyBytes(http.body)
            message.body = body
            if !message.headers.contains(where: { $0.name.lowercased() == "content-type" }), case .json = http.body.data {
                message.headers.append(("Content-Type", contentType))
            }
        }
        return message
    }

    /// A typed value as body bytes, with the content type it implies.
    static func bodyBytes(_ value: RpcTypedData) -> (ByteBuffer, String) {
        switch value.data {
        case .string(let s): (ByteBuffer(string: s), "text/plain; charset=utf-8")
        case .json(let s): (ByteBuffer(string: s), "application/json; charset=utf-8")
        case .bytes(let d), .stream(let d): (ByteBuffer(bytes: d), "application/octet-stream")
        case .int(let n): (ByteBuffer(string: String(n)), "text/plain; charset=utf-8")
        case .double(let n): (ByteBuffer(string: String(n)), "text/plain; charset=utf-8")
        case .http, .collectionBytes, .collectionString, .collectionDouble, .collectionSint64, nil:
            (ByteBuffer(), "application/octet-stream")
        }
    }

    /// `a/./b/../c` → `a/c`.
    private static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == "..", !parts.isEmpty { parts.removeLast() } else { parts.append(part) }
        }
        return parts.joined(separator: "/")
    }

    /// 16 random lower-case hex digits (a W3C trace id is two, a span id one).
    private static func randomHex() -> String {
        let digits = String(UInt64.random(in: .min ... .max), radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
