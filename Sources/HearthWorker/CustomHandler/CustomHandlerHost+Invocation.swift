import Foundation
import HearthCore
import NIOCore
import NIOHTTP1
import NIOPosix

/// An HTTP request or response as the worker passes it around.
struct HTTPMessage: Sendable {
    var status: Int = 200
    var method: String = "GET"
    /// Path and query, e.g. `/api/hello?name=x`.
    var target: String = "/"
    var headers: [(name: String, value: String)] = []
    var body: ByteBuffer = ByteBuffer()
}

/// The connection to the handler failed (refused, dropped, past its deadline): the handler never
/// answered. Distinct from an answer that is wrong, which is a ``WorkerError`` from the start.
struct UpstreamFailure: Error {
    let cause: any Error
}

extension CustomHandlerHost {
    /// Headers that belong to one hop and are never relayed.
    static let hopByHop: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authorization", "proxy-authenticate",
        "content-length",
    ]

    /// ``hopByHop``'s names by their length: a name is compared only with those of its length (none
    /// for most). Walking the whole set cost ~340 instructions a field, six fields a call.
    private static let hopByHopByLength: [[String]] = {
        var table = [[String]](repeating: [], count: (hopByHop.map(\.utf8.count).max() ?? 0) + 1)
        for name in hopByHop { table[name.utf8.count].append(name) }
        return table
    }()

    /// Whether the header `name` (in any case) belongs to one hop; compared without a lowercased copy.
    static func isHopByHop(_ name: String) -> Bool {
        let length = name.utf8.count
        guard length < hopByHopByLength.count else { return false }
        return hopByHopByLength[length].contains { name.equalsIgnoringASCIICase($0) }
    }

    static let userAgent = "Azure-Functions-Host/\(HearthVersion.compatibleHostVersion) Hearth/\(HearthVersion.current)"

    /// What an HTTP-triggered call gives back: the response, the queue outputs and the function's logs.
    typealias HTTPCallReply = (response: HTTPMessage, outputs: FunctionOutputs, logs: [String])

    /// The future form of ``startHTTP(_:on:deadline:loop:completion:)``.
    func startHTTP(_ call: HTTPInvocation, on endpoint: Endpoint, deadline: NIODeadline, loop: any EventLoop) -> EventLoopFuture<HTTPCallReply> {
        loop.makeFuture(completedBy: { completion in self.startHTTP(call, on: endpoint, deadline: deadline, loop: loop, completion: completion) })
    }

    /// Runs an HTTP-triggered call on a running handler, on `loop` (the caller's connection's loop,
    /// so nothing changes threads): the request forwarded as-is (`enableForwardingHttpRequest`) or
    /// sent as the `{"Data", "Metadata"}` payload. `completion` is called exactly once, on `loop`,
    /// with ``UpstreamFailure`` when the handler did not answer
    /// (``failure(_:endpoint:timeout:)`` says what that means). The warm path's form: no future.
    func startHTTP(
        _ call: HTTPInvocation,
        on endpoint: Endpoint,
        deadline: NIODeadline,
        loop: any EventLoop,
        completion: @escaping @Sendable (Result<HTTPCallReply, any Error>) -> Void
    ) {
        if configuration.enableForwardingHttpRequest {
            let request = Result {
                try Self.forwardedRequest(
                    call.request,
                    target: call.forwardTarget,
                    traceParent: call.traceParent,
                    hostHeader: endpoint.pool.hostHeader
                )
            }
            send(request, endpoint: endpoint, deadline: deadline, loop: loop, completion: completion) { response in
                var reply = HTTPMessage(status: Int(response.head.status.code), body: response.body)
                reply.headers.reserveCapacity(response.head.headers.count)  // one array, not a filtered copy mapped again
                for header in response.head.headers where !Self.isHopByHop(header.name) { reply.headers.append((header.name, header.value)) }
                return (reply, .none, [])
            }
            return
        }
        let body = CustomHandlerPayload.http(
            functionName: call.function.name,
            bindingName: call.trigger.bindingName,
            request: TraceHeader.replacing(in: call.request, with: call.traceParent),
            parameters: call.parameters,
            invocationID: call.invocationID
        )
        let outputBinding = call.trigger.outputBindingName
        let function = call.function
        let request = Result {
            try Self.payloadRequest(
                function: function.name,
                body: body,
                invocationID: call.invocationID,
                traceParent: call.traceParent,
                hostHeader: endpoint.pool.hostHeader
            )
        }
        send(request, endpoint: endpoint, deadline: deadline, loop: loop, completion: completion) { reply in
            let json = try Self.payloadReply(reply, function: function.name)
            let (response, logs) = try CustomHandlerPayload.httpResponse(from: json, outputBinding: outputBinding)
            return (response, CustomHandlerPayload.queueOutputs(from: json, function: function), logs)
        }
    }

    /// `POST /{function}` with the `{"Data", "Metadata"}` payload, and the invocation's
    /// `traceparent` header when it has one; completes with the handler's JSON reply.
    func exchange(
        function: String,
        payload: JSONValue,
        invocationID: UUID,
        traceParent: String? = nil,
        endpoint: Endpoint,
        deadline: NIODeadline,
        loop: any EventLoop
    ) -> EventLoopFuture<JSONValue> {
        let request = Result {
            try Self.payloadRequest(
                function: function,
                body: payload.serializedBytes(),
                invocationID: invocationID,
                traceParent: traceParent,
                hostHeader: endpoint.pool.hostHeader
            )
        }
        return loop.makeFuture(completedBy: { completion in
            self.send(request, endpoint: endpoint, deadline: deadline, loop: loop, completion: completion) { response in
                try Self.payloadReply(response, function: function)
            }
        })
    }

    /// The request a forwarded call (`enableForwardingHttpRequest`) sends to the handler, as bytes
    /// (``UpstreamRequestEncoder``): the client's method, `target` and fields in their order, less
    /// the hop-by-hop ones (and its `traceparent` when the invocation has `traceParent`, which
    /// follows them), `Host` when the client sent none, then `Content-Length` and the body. Throws
    /// `HTTPParserError.invalidHeaderToken` when a part must not go on the wire.
    static func forwardedRequest(
        _ request: CustomHandlerPayload.Request,
        target: String,
        traceParent: String?,
        hostHeader: String
    ) throws -> ByteBuffer {
        var fields = 0
        var hasHost = false
        for header in request.headers {
            fields += UpstreamRequestEncoder.size(name: header.name, value: header.value)
            if !hasHost, header.name.equalsIgnoringASCIICase("host") { hasHost = true }
        }
        fields += 96 + (traceParent?.utf8.count ?? 0) + (hasHost ? 0 : hostHeader.utf8.count)  // traceparent, Host, Content-Length
        var encoder = UpstreamRequestEncoder(
            method: request.method,
            target: target,
            capacity: UpstreamRequestEncoder.size(method: request.method, target: target, fields: fields) + request.body.readableBytes
        )
        for header in request.headers where !isHopByHop(header.name) {
            if traceParent != nil, TraceHeader.isTraceParent(header.name) { continue }
            encoder.field(header.name, header.value)
        }
        if let traceParent { encoder.field(TraceHeader.traceParent, traceParent) }
        if !hasHost { encoder.field("Host", hostHeader) }
        encoder.contentLength(request.body.readableBytes)
        return try encoder.finish(body: request.body)
    }

    /// The request of ``exchange(function:payload:invocationID:traceParent:endpoint:deadline:loop:)``,
    /// as bytes: `POST /{function}` with `body`, the payload's JSON text.
    static func payloadRequest(
        function: String,
        body: [UInt8],
        invocationID: UUID,
        traceParent: String?,
        hostHeader: String
    ) throws -> ByteBuffer {
        let target = "/\(function)"
        var encoder = UpstreamRequestEncoder(
            method: "POST",
            target: target,
            capacity: UpstreamRequestEncoder.size(method: "POST", target: target, fields: 288 + hostHeader.utf8.count + userAgent.utf8.count)
                + body.count
        )
        encoder.field("Host", hostHeader)
        encoder.field("Content-Type", "application/json")
        encoder.contentLength(body.count)
        encoder.field("X-Azure-Functions-InvocationId", invocationID.lowercasedText)
        encoder.field("X-Azure-Functions-HostVersion", HearthVersion.compatibleHostVersion)
        encoder.field("User-Agent", userAgent)
        if let traceParent { encoder.field(TraceHeader.traceParent, traceParent) }
        return try encoder.finish(bytes: body)
    }

    /// The JSON a handler answered to `POST /{function}`; a non-2xx answer is the function's failure.
    static func payloadReply(_ response: UpstreamResponse, function: String) throws -> JSONValue {
        guard (200..<300).contains(Int(response.head.status.code)) else {
            var text = String(buffer: response.body)
            var logs: [String] = []
            // What the Azure host writes for a custom handler's non-2xx answer.
            var azure = AzureFailure.httpStatus(Int(response.head.status.code), reason: response.head.status.reasonPhrase)
            // Hearth's Node worker answers a failure as {"Error", "Logs"}: keep what the function logged.
            if response.head.headers["Content-Type"].first?.hasPrefix("application/json") == true,
                let reply = try? JSONValue.parse(bytes: Array(response.body.readableBytesView), file: "response of /\(function)"),
                case .string(let error)? = reply["Error"]
            {
                text = error
                if case .array(let lines)? = reply["Logs"] { logs = lines.compactMap { if case .string(let s) = $0 { s } else { nil } } }
                // The error's `stack`, as Azure's Node worker reports it over FunctionRpc.
                azure = .described(error)
            }
            var failure = WorkerError(
                .handlerFailed,
                "the handler answered \(response.head.status.code) for \(function)\(text.isEmpty ? "" : ": \(text.prefix(500))")",
                logs: logs
            )
            failure.azureFailure = azure
            throw failure
        }
        if response.body.readableBytes == 0 { return .object([]) }
        do {
            // The file's name only matters in an error: it is made then, not on every reply.
            return try JSONValue.parse(bytes: Array(response.body.readableBytesView), file: "")
        } catch {
            var error = error
            error.file = "response of /\(function)"
            throw WorkerError(.badResponse, "the handler's reply to /\(function) is not JSON: \(error)")
        }
    }

    /// What a failed call means. The handler's own bad answers pass unchanged; when it did not
    /// answer, a call past `functionTimeout` recycles the handler, and a dropped connection is
    /// named by the handler's exit when it died.
    func failure(_ error: any Error, endpoint: Endpoint, timeout: Duration?) async -> any Error {
        guard let transport = error as? UpstreamFailure else { return error }
        if transport.cause is UpstreamDeadlineExceeded {
            await recycle(endpoint, reason: "an invocation ran past functionTimeout (\(timeout.map { "\($0)" } ?? "none"))")
            return WorkerError(
                .timedOut,
                "the function did not finish within functionTimeout (\(timeout.map { "\($0)" } ?? "none")); the handler was restarted"
            )
        }
        // A dropped connection usually means the handler died; its exit is observed a moment later.
        if let exit = await endpoint.process.exitStatus(waitingUpTo: .milliseconds(500)) {
            return WorkerError(.handlerFailed, "the handler \(exit) during the invocation", cause: transport.cause)
        }
        return WorkerError(.handlerFailed, "the handler did not answer: \(transport.cause)", cause: transport.cause)
    }

    /// The moment a call started now with `timeout` must end.
    static func deadline(_ timeout: Duration?) -> NIODeadline {
        guard let timeout else { return .distantFuture }
        return .now() + .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)
    }

    /// The event loop of the running task (NIO's loops are the global executor), or any loop.
    static var currentLoop: any EventLoop { MultiThreadedEventLoopGroup.currentEventLoop ?? MultiThreadedEventLoopGroup.singleton.next() }

    /// Sends the request `built` (its bytes, ``UpstreamRequestEncoder``) to the handler and calls `completion` (once, on
    /// `loop`) with `answer(response)`; with ``UpstreamFailure`` when the request could not be built (a part that must not go
    /// on the wire: no connection is used) or the handler did not answer, with what `answer` throws when it did.
    /// One callback and no promise (a promise and its future cost an allocation, a callback list and generic metadata lookups).
    private func send<Value: Sendable>(
        _ built: Result<ByteBuffer, any Error>,
        endpoint: Endpoint,
        deadline: NIODeadline,
        loop: any EventLoop,
        completion: @escaping @Sendable (Result<Value, any Error>) -> Void,
        answer: @escaping @Sendable (UpstreamResponse) throws -> Value
    ) {
        let request: ByteBuffer
        switch built {
        case .success(let bytes): request = bytes
        case .failure(let error):
            let failure = UpstreamFailure(cause: error)
            if loop.inEventLoop { completion(.failure(failure)) } else { loop.execute { completion(.failure(failure)) } }
            return
        }
        endpoint.pool.execute(request, deadline: deadline, on: loop) { result in
            switch result {
            case .success(let response): completion(Result { try answer(response) })
            case .failure(let error): completion(.failure(UpstreamFailure(cause: error)))
            }
        }
    }
}
