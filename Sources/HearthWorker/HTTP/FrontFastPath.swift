import Foundation
import HTTPTypes
import HearthCore
import NIOCore
import NIOHTTPTypes

/// The front's warm path, a channel handler in front of Hummingbird's: a request for a custom
/// handler that runs now is served on its connection's event loop, with no task and no hop between
/// threads — routed and key-checked by the ``FrontRouter``, recorded by the ``Invoker``, sent over a
/// keep-alive connection of the same loop, answered when the handler answers. Answers the router
/// gives itself (401, 404, 405) are written here too. Everything else — an app not known yet, a
/// handler not running, a language worker, the health route, `Expect`, `Connection: close`, HEAD,
/// a declared body over the limit — is passed on unchanged to ``FrontResponder``, which starts
/// workers and waits as needed. A failed call is mapped by the same code as there, in a task.
///
/// Requests on one connection are answered in order: while one is being answered (here or by
/// Hummingbird), later ones are held, and the connection is not read further until they can go.
final class FrontFastPath: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// What arrived, in order: request parts, and the connection's events and errors, which must
    /// not overtake the requests before them (a half-close, a shutdown, a parse error).
    private enum Arrival {
        case part(HTTPRequestPart)
        case event(Any)
        case error(any Error)
    }

    private enum Current {
        /// A request served here, its body arriving.
        case collecting(FrontRouter.Call, CustomHandlerHost, CustomHandlerHost.Endpoint, ByteBuffer)
        /// Its handler is running it.
        case calling
        /// Already answered (401, 404, 405, 413); the rest of the request is dropped.
        case discarding
    }

    private let router: FrontRouter
    private let invoker: Invoker
    private let serverName: String
    private var current: Current?
    /// Requests passed on to Hummingbird whose response has not ended yet.
    private var passedOn = 0
    /// The parts of the request passed on last are still arriving.
    private var passing = false
    /// What arrived while an earlier request was being answered.
    private var held = CircularBuffer<Arrival>()
    private var readHeld = false
    private var active = true
    /// Close the connection once the current answer is written (a body over the limit).
    private var closeAfterAnswer = false
    /// A request passed on asked to close the connection: nothing after it is served (RFC 9112 §9.6).
    private var closing = false

    init(router: FrontRouter, invoker: Invoker, serverName: String) {
        self.router = router
        self.invoker = invoker
        self.serverName = serverName
    }

    // MARK: inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        held.append(.part(unwrapInboundIn(data)))
        drain(context: context, inReadCycle: true)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        held.append(.event(event))
        drain(context: context)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        held.append(.error(error))
        drain(context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        active = false
        if case .collecting(let call, let host, _, _) = current {
            // Its body never ended: the call is not made.
            Self.endCall(call, host)
            current = nil
        }
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        active = false
    }

    /// While requests are held, or the caller does not take what is written to it, the connection
    /// is not read further.
    func read(context: ChannelHandlerContext) {
        if held.isEmpty, context.channel.isWritable {
            context.read()
        } else {
            readHeld = true
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        context.fireChannelWritabilityChanged()
        if context.channel.isWritable { drain(context: context) }
    }

    /// Hands what is held on for as long as nothing earlier is being answered. Outside a read
    /// cycle (after an answer), parts passed on are followed by a read-complete: Hummingbird's
    /// channel delivers what it read only then.
    private func drain(context: ChannelHandlerContext, inReadCycle: Bool = false) {
        var passedParts = false
        defer { if passedParts, !inReadCycle { context.fireChannelReadComplete() } }
        while active, let arrival = held.first {
            guard case .part(let part) = arrival else {
                if Self.endsInput(arrival) {
                    // No more parts will come: a request still arriving is abandoned, and only an
                    // answer being made here is waited for (Hummingbird orders its own).
                    switch current {
                    case .calling: break
                    case .collecting(let call, let host, _, _):
                        Self.endCall(call, host)
                        current = nil
                    case .discarding: current = nil
                    case nil: break
                    }
                    if case .calling = current { break }
                    passing = false
                } else {
                    // Anything else (a shutdown) goes on once everything before it is answered.
                    guard current == nil, passedOn == 0, !passing else { break }
                }
                held.removeFirst()
                switch arrival {
                case .event(let event): context.fireUserInboundEventTriggered(event)
                case .error(let error): context.fireErrorCaught(error)
                case .part: break
                }
                continue
            }
            if passing {
                held.removeFirst()
                if case .end = part { passing = false }
                context.fireChannelRead(wrapInboundOut(part))
                passedParts = true
                continue
            }
            switch current {
            case .collecting(let call, let host, let endpoint, var body):
                held.removeFirst()
                switch part {
                case .head: preconditionFailure("a request head arrived inside a request")
                case .body(var chunk):
                    body.writeBuffer(&chunk)
                    if body.readableBytes > router.configuration.maxRequestBodyBytes {
                        Self.endCall(call, host)
                        current = .discarding
                        closeAfterAnswer = true
                        answer(tooLarge(), context: context)
                    } else {
                        current = .collecting(call, host, endpoint, body)
                    }
                case .end:
                    var call = call
                    call.request.body = body
                    // Sent after this pass over the loop's ready sockets (see ``afterThisPass``).
                    current = .calling
                    afterThisPass(context) { self.run(call, host: host, endpoint: endpoint, context: context) }
                }
                continue
            case .discarding:
                held.removeFirst()
                if case .end = part, !closeAfterAnswer { current = nil }
                continue
            case .calling:
                break
            case nil:
                if closing {
                    // Hummingbird closes the connection after that answer; nothing more is served.
                    held.removeFirst()
                    continue
                }
                // One request at a time is started, and none while the caller is not reading.
                if passedOn > 0 || !context.channel.isWritable { break }
                held.removeFirst()
                if start(part, context: context) { passedParts = true }
                continue
            }
            break
        }
        if held.isEmpty, readHeld, context.channel.isWritable {
            readHeld = false
            context.read()
        }
    }

    /// The first part of a request: serve it here or pass it on (then returns true).
    private func start(_ part: HTTPRequestPart, context: ChannelHandlerContext) -> Bool {
        guard case .head(let head) = part, Self.mayServe(head, maxBody: router.configuration.maxRequestBodyBytes) else {
            passOn(part, context: context)
            return true
        }
        switch router.decide(head, remoteAddress: context.channel.remoteAddress) {
        case .answer(let message):
            current = .discarding
            answer(message, context: context)
        case .call(let call):
            guard let host = call.app.handler as? CustomHandlerHost else {
                passOn(part, context: context)
                return true
            }
            // The app's share (host.json maxConcurrentRequests): a call that would wait for it, or
            // be refused, is the general path's.
            if let gate = call.app.requestGate, !gate.tryStart() {
                passOn(part, context: context)
                return true
            }
            // Counted before the worker is looked at: an idle stop either sees this call or
            // has already taken the worker away (then the general path starts it again).
            host.supervisor.beginCall()
            guard let endpoint = host.supervisor.runningWorker else {
                Self.endCall(call, host)
                passOn(part, context: context)
                return true
            }
            current = .collecting(call, host, endpoint, ByteBuffer())
        case .unknownApp:
            passOn(part, context: context)
            return true
        }
        return false
    }

    private func passOn(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        if case .head(let head) = part {
            passedOn += 1
            passing = true
            // Exactly the test Hummingbird makes before it ends the connection after the answer.
            if head.headerFields[.connection] == "close" { closing = true }
        }
        context.fireChannelRead(wrapInboundOut(part))
    }

    /// Whether the warm path may take a request with this head at all.
    static func mayServe(_ head: HTTPRequest, maxBody: Int) -> Bool {
        if head.method == .head || head.path?.hasPrefix(FrontResponder.healthPath) == true { return false }
        let fields = head.headerFields
        if fields[.expect] != nil { return false }
        if let connection = fields[.connection], connection.lowercased().contains("close") { return false }
        if let length = fields[.contentLength], (Int(length) ?? .max) > maxBody { return false }
        return true
    }

    // MARK: the call

    private func run(_ call: FrontRouter.Call, host: CustomHandlerHost, endpoint: CustomHandlerHost.Endpoint, context: ChannelHandlerContext) {
        guard active else {
            // The caller went away before the call began.
            Self.endCall(call, host)
            return
        }
        current = .calling
        var running = invoker.begin(app: call.app, function: call.function, trigger: "http")
        let invocation = HTTPInvocation(
            function: call.function, trigger: call.trigger, request: call.request, parameters: call.parameters, forwardTarget: call.forwardTarget,
            invocationID: running.record.id)
        let timeout = call.app.functionTimeout
        let loop = context.eventLoop
        host.startHTTP(invocation, on: endpoint, deadline: CustomHandlerHost.deadline(timeout), loop: loop).assumeIsolated().whenComplete { result in
            switch result {
            case .success(let (reply, logs)):
                self.invoker.succeeded(&running, logs: logs)
                Self.endCall(call, host)
                self.afterThisPass(context) { self.finish(reply, context: context) }
            case .failure(let error):
                // Rare: what the failure means may take waiting (the handler's exit, a recycle).
                let invoker = self.invoker
                let started = running
                let bound = NIOLoopBound((handler: self, context: context), eventLoop: loop)
                Task {
                    var running = started
                    let reply = invoker.failed(&running, error: await host.failure(error, endpoint: endpoint, timeout: timeout))
                    Self.endCall(call, host)
                    loop.execute { bound.value.handler.finish(reply, context: bound.value.context) }
                }
            }
        }
    }

    /// A call served here ended (answered, or abandoned before it ran): its handler and its app's
    /// share are free again.
    private static func endCall(_ call: FrontRouter.Call, _ host: CustomHandlerHost) {
        host.supervisor.endCall()
        call.app.requestGate?.finish()
    }

    /// Runs `body` on this loop once it has handled every socket that is ready now. Requests read
    /// in one pass then go to their handlers together, and answers to their callers together, so
    /// that each wake-up of a handler or a client finds several messages waiting: on a machine
    /// with few cores, where Hearth, the handlers and the clients share them, writing each at once
    /// costs a context switch per message (measured: 18 k → 24 k req/s, bench/README.md).
    private func afterThisPass(_ context: ChannelHandlerContext, _ body: @escaping () -> Void) {
        context.eventLoop.assumeIsolated().execute(body)
    }

    private func finish(_ reply: HTTPMessage, context: ChannelHandlerContext) {
        guard case .calling = current else { return }
        current = nil
        answer(reply, context: context)
        if active { drain(context: context) }
    }

    // MARK: outbound

    /// Hummingbird's answers pass through; the end of one lets held requests go.
    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let isEnd = if case .end = unwrapOutboundIn(data) { true } else { false }
        context.write(data, promise: promise)
        if isEnd, passedOn > 0 {
            passedOn -= 1
            // After Hummingbird has flushed the answer it is writing: a shutdown let through now
            // would close the connection before that answer left.
            if passedOn == 0 { afterThisPass(context) { self.drain(context: context) } }
        }
    }

    /// An error, or the caller closing its side: no more request parts will arrive.
    private static func endsInput(_ arrival: Arrival) -> Bool {
        switch arrival {
        case .error: true
        case .event(let event): (event as? ChannelEvent) == .inputClosed
        case .part: false
        }
    }

    private func answer(_ message: HTTPMessage, context: ChannelHandlerContext) {
        guard active else { return }
        var fields = FrontResponder.responseFields(message)
        if message.status >= 200, message.status != 204, message.status != 304 {
            fields[.contentLength] = String(message.body.readableBytes)
        }
        fields[.date] = HTTPDateHeader.now
        fields[.server] = serverName
        if closeAfterAnswer { fields[.connection] = "close" }
        context.write(wrapOutboundOut(.head(HTTPResponse(status: .init(code: message.status), headerFields: fields))), promise: nil)
        if message.body.readableBytes > 0 { context.write(wrapOutboundOut(.body(message.body)), promise: nil) }
        guard closeAfterAnswer else {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            return
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }

    private func tooLarge() -> HTTPMessage {
        FrontRouter.plain(413, "Payload Too Large: request bodies are limited to \(router.configuration.maxRequestBodyBytes) bytes.")
    }
}
