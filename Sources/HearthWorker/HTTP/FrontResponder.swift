import Foundation
import HTTPTypes
import HearthCore
import HearthListeners
import Hummingbird
import Logging
import NIOCore

/// The worker's HTTP front for every request the ``FrontFastPath`` does not take: decides with
/// the ``FrontRouter`` (looking at the store once when the app is not known yet), collects the
/// body and runs the invocation through the ``Invoker``, starting the app's worker when needed.
struct FrontResponder: HTTPResponder {
    typealias Context = FrontRequestContext

    let router: FrontRouter
    let invoker: Invoker
    let logger: Logger
    /// Sends requests for apps placed on other workers to them.
    var forwarder: FleetForwarder? = nil

    var catalog: AppCatalog { router.catalog }

    /// The worker's own health, for load balancers and operators (reserved on every host name).
    static let healthPath = "/_hearth/health"

    func respond(to request: Request, context: Context) async throws -> Response {
        if request.uri.path == Self.healthPath { return try await health() }
        var decision = router.decide(request.head, remoteAddress: context.remoteAddress)
        if case .unknownApp = decision {
            // A deployment or app created a moment ago: look at the store once before answering 404.
            await catalog.refresh()
            decision = router.decide(request.head, remoteAddress: context.remoteAddress)
        }
        switch decision {
        case .unknownApp(let host, let path):
            return Self.response(router.noApp(host: host, path: path))
        case .answer(let message):
            return Self.response(message)
        case .forward(let forward):
            return try await self.forward(forward, request: request, context: context)
        case .admin(let call):
            // Azure's body is `{"input": "…"}`; a timer function has no input, so it is not read.
            let id = await invoker.invokeTimer(
                app: call.app,
                function: call.function,
                bindingName: call.trigger.bindingName,
                status: nil,
                isPastDue: false,
                trigger: "manual"
            ).invocationID
            return Self.response(HTTPMessage(status: 202, headers: [(Invoker.invocationIDHeader, id.uuidString.lowercased())]))
        case .call(var call):
            let gate = call.app.requestGate
            if let gate, await !gate.start() { return Self.response(gate.tooBusy(app: call.app.record.name)) }
            defer { gate?.finish() }
            let limit = router.configuration.maxRequestBodyBytes
            do {
                call.request.body = try await request.body.collect(upTo: limit)
            } catch is NIOTooManyBytesError {
                return Self.response(FrontRouter.plain(413, "Payload Too Large: request bodies are limited to \(limit) bytes."))
            }
            let reply = await invoker.invokeHTTP(
                app: call.app,
                function: call.function,
                trigger: call.trigger,
                request: call.request,
                parameters: call.parameters,
                forwardTarget: call.forwardTarget
            )
            return Self.response(reply)
        }
    }

    /// Collects the body and sends the request to a worker the app is placed on.
    private func forward(_ forward: FrontRouter.Forward, request: Request, context: Context) async throws -> Response {
        guard let forwarder else { return Self.response(FrontRouter.noWorker(app: forward.app.record.name)) }
        let limit = router.configuration.maxRequestBodyBytes
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            return Self.response(FrontRouter.plain(413, "Payload Too Large: request bodies are limited to \(limit) bytes."))
        }
        let timeout = forward.app.functionTimeout ?? .seconds(230)
        let reply = await forwarder.forward(
            request.head,
            body: body,
            clientAddress: context.remoteAddress?.ipAddress,
            host: forward.host,
            scheme: forward.scheme,
            peers: forward.peers,
            deadline: .now() + .seconds(timeout.components.seconds + 10)
        )
        return Self.response(reply)
    }

    static func response(_ message: HTTPMessage) -> Response {
        Response(status: HTTPResponse.Status(code: message.status), headers: responseFields(message), body: ResponseBody(byteBuffer: message.body))
    }

    /// The headers of `message` a caller gets: hop-by-hop headers and invalid names dropped. Then,
    /// for the fast path's answer, which Hummingbird does not frame: `contentLength`, `date` and
    /// `server` set and `Connection: close` added when `close` (``answerHead(_:contentLength:date:server:close:)``
    /// says how; the fast path writes the same fields as bytes without this `HTTPFields`).
    static func responseFields(
        _ message: HTTPMessage,
        contentLength: Int? = nil,
        date: String? = nil,
        server: String? = nil,
        close: Bool = false
    ) -> HTTPFields {
        answerHead(message, contentLength: contentLength, date: date, server: server, close: close).headerFields
    }

    /// The head of `message` as a caller gets it (``HTTP1AnswerHead`` has the rule): hop-by-hop
    /// headers (``CustomHandlerHost/isHopByHop(_:)``) and invalid names dropped; `contentLength`,
    /// `date` and `server` set and `Connection: close` added when `close` — what setting each with
    /// `fields[name] = value` after the fact gives (the message's own Date or Server replaced where
    /// its first one was, a second one dropped, the others appended in that order), in the same
    /// pass.
    static func answerHead(
        _ message: HTTPMessage,
        contentLength: Int? = nil,
        date: String? = nil,
        server: String? = nil,
        close: Bool = false
    ) -> HTTP1AnswerHead {
        HTTP1AnswerHead(
            status: message.status,
            fields: message.headers,
            isDropped: { CustomHandlerHost.isHopByHop($0) },
            contentLength: contentLength,
            date: date,
            server: server,
            close: close
        )
    }

    /// `{"status": "ok", "apps": N, "pythonPool": {"size": N, "ready": N}}`; 503 `{"status": "revoked"}` once the
    /// worker was revoked from the fleet, 503 `{"status": "drained"}` once a drain completed (load
    /// balancers take it out; requests that still reach it are served).
    private func health() async throws -> Response {
        let membership = catalog.membership
        if membership.isRevoked || membership.isDrained {
            let body = membership.isRevoked ? #"{"status":"revoked"}"# : #"{"status":"drained"}"#
            var response = Response(status: .serviceUnavailable, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
            response.headers[.contentType] = "application/json"
            return response
        }
        var fields: [(key: String, value: JSONValue)] = [("status", .string("ok")), ("apps", .number(String(catalog.snapshot.apps.count)))]
        if let pool = catalog.pythonPool {
            fields.append(("pythonPool", .object([("size", .number(String(pool.size))), ("ready", .number(String(await pool.readyCount)))])))
        }
        var response = Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: JSONValue.object(fields).serialized(pretty: false))))
        response.headers[.contentType] = "application/json"
        return response
    }
}
