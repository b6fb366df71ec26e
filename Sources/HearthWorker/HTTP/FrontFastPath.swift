import Foundation
import HTTPTypes
import HearthCore
import HearthListeners
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

    /// A request served here: the routed call, its handler and the worker's endpoint. A class, so
    /// the machine's arrivals and actions carry it by reference (one retain per copy; copying the
    /// call's fields through every enum payload cost about 2 % of a warm request's instructions).
    final class Served {
        /// Constant, so that the callback of a call keeps what it needs of it rather than a copy of
        /// the whole (~0.8 k instructions a copy and as much to free it); the request's body, read
        /// after the head, is ``body``.
        let call: FrontRouter.Call
        let host: CustomHandlerHost
        let endpoint: CustomHandlerHost.Endpoint
        var body = ByteBuffer()

        init(_ call: FrontRouter.Call, _ host: CustomHandlerHost, _ endpoint: CustomHandlerHost.Endpoint) {
            self.call = call
            self.host = host
            self.endpoint = endpoint
        }
    }
    private typealias Machine = StateMachine<Served>

    private let router: FrontRouter
    private let invoker: Invoker
    private let serverName: String
    /// Whether the connection's pipeline has an ``HTTP1ServerCodec`` (a listener's always has one):
    /// this handler's answer heads then go to it as ``HTTP1AnswerHead``s, written as bytes straight
    /// from the reply's fields; otherwise (a pipeline without it, in tests) as `HTTPResponse`s.
    private var codecWritesAnswerHeads = false
    /// Every decision about the connection (see ``StateMachine``); this handler performs its actions.
    private var machine: Machine

    init(router: FrontRouter, invoker: Invoker, serverName: String) {
        self.router = router
        self.invoker = invoker
        self.serverName = serverName
        self.machine = Machine(maxRequestBodyBytes: router.configuration.maxRequestBodyBytes)
    }

    // MARK: inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        machine.arrived(.part(unwrapInboundIn(data)))
        drain(context: context, inReadCycle: true)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        machine.arrived(.event(event))
        drain(context: context)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        machine.arrived(.error(error))
        drain(context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let action = machine.channelInactive() { perform(action, context: context) }
        context.fireChannelInactive()
    }

    func handlerAdded(context: ChannelHandlerContext) {
        codecWritesAnswerHeads = (try? context.pipeline.syncOperations.handler(type: HTTP1ServerCodec.self)) != nil
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        machine.handlerRemoved()
    }

    func read(context: ChannelHandlerContext) {
        if let action = machine.readRequested(writable: context.channel.isWritable) { perform(action, context: context) }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        context.fireChannelWritabilityChanged()
        if let action = machine.writabilityChanged(writable: context.channel.isWritable) { perform(action, context: context) }
    }

    /// Hands what is held on for as long as nothing earlier is being answered.
    private func drain(context: ChannelHandlerContext, inReadCycle: Bool = false) {
        var progress = Machine.Drain(inReadCycle: inReadCycle)
        while let action = machine.next(&progress, writable: context.channel.isWritable) {
            perform(action, context: context, drain: &progress)
        }
    }

    private func perform(_ action: Machine.Action, context: ChannelHandlerContext) {
        var progress = Machine.Drain(inReadCycle: false)
        perform(action, context: context, drain: &progress)
    }

    /// Performs `action`; `progress` is the drain it came from (a head routed then passed on counts
    /// as a part passed on in it).
    private func perform(_ action: Machine.Action, context: ChannelHandlerContext, drain progress: inout Machine.Drain) {
        switch action {
        case .passOn(let part): context.fireChannelRead(wrapInboundOut(part))
        case .fireEvent(let event): context.fireUserInboundEventTriggered(event)
        case .fireError(let error): context.fireErrorCaught(error)
        case .route(let head):
            let outcome = route(head, context: context)
            if let next = machine.routed(outcome, in: &progress) { perform(next, context: context, drain: &progress) }
        case .answer(let message, let close): answer(message, close: close, context: context)
        case .abandonCall(let served): Self.endCall(served.call.app, served.host)
        case .abandonCallAndAnswer(let served, let message, let close):
            Self.endCall(served.call.app, served.host)
            answer(message, close: close, context: context)
        case .startCall(let served, let body):
            served.body = body
            // Sent after this pass over the loop's ready sockets (see ``afterThisPass``).
            afterThisPass(context) { self.perform(self.machine.callStarting(served), context: context) }
        case .runCall(let served): run(served, context: context)
        case .read: context.read()
        case .fireReadComplete: context.fireChannelReadComplete()
        case .drain: drain(context: context)
        case .drainAfterThisPass: afterThisPass(context) { self.drain(context: context) }
        }
    }

    /// The first part of a request may be served here: what the router, the app's share and the
    /// handler's supervisor say.
    private func route(_ head: HTTPRequest, context: ChannelHandlerContext) -> Machine.Route {
        switch router.decide(head, remoteAddress: context.channel.remoteAddress) {
        case .answer(let message):
            return .answer(message)
        case .call(let call):
            guard let host = call.app.handler as? CustomHandlerHost else { return .passOn }
            // Queue outputs are committed by the Invoker after the call succeeded: the general path's.
            if call.function.hasQueueOutputs { return .passOn }
            // The app's share (host.json maxConcurrentRequests): a call that would wait for it, or
            // be refused, is the general path's.
            if let gate = call.app.requestGate, !gate.tryStart() { return .passOn }
            // Counted before the worker is looked at: an idle stop either sees this call or
            // has already taken the worker away (then the general path starts it again).
            host.supervisor.beginCall()
            guard let endpoint = host.supervisor.runningWorker else {
                Self.endCall(call.app, host)
                return .passOn
            }
            return .serve(Served(call, host, endpoint))
        case .unknownApp, .admin, .forward:
            return .passOn
        }
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

    private func run(_ served: Served, context: ChannelHandlerContext) {
        let call = served.call
        let host = served.host
        let endpoint = served.endpoint
        var request = call.request
        request.body = served.body
        let traceParent = TraceHeader.value(in: request.headers)
        // A constant: the callback below captures it by value (a `var` captured and changed
        // there lived in a heap box of its own, an allocation per call).
        let started = invoker.begin(app: call.app, function: call.function, trigger: "http", traceParent: traceParent)
        let invocation = HTTPInvocation(
            function: call.function,
            trigger: call.trigger,
            request: request,
            parameters: call.parameters,
            forwardTarget: call.forwardTarget,
            invocationID: started.record.id,
            traceParent: started.record.traceParent
        )
        let timeout = call.app.functionTimeout
        // The callback below keeps the app alone, not a copy of the whole call (~0.8 k
        // instructions to copy and as much to free).
        let app = call.app
        let loop = context.eventLoop
        let invoker = self.invoker
        // The handler and its context, for the completion (called on this loop: startHTTP's contract).
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: loop)
        // A completion rather than a future: no promise, no callback list (issue #16).
        host.startHTTP(invocation, on: endpoint, deadline: CustomHandlerHost.deadline(timeout), loop: loop) { result in
            switch result {
            case .success(let (reply, _, logs)):
                var running = started
                invoker.succeeded(&running, logs: logs)
                Self.endCall(app, host)
                let tagged = Invoker.tagged(reply, invocation: running.record.id)
                let (handler, context) = bound.value
                handler.afterThisPass(context) { handler.finish(tagged, context: context) }
            case .failure(let error):
                // Rare: what the failure means may take waiting (the handler's exit, a recycle).
                Task {
                    var running = started
                    let failure = await host.failure(error, endpoint: endpoint, timeout: timeout)
                    let failed = invoker.failed(&running, error: failure, timeout: timeout)
                    let reply = Invoker.tagged(failed, invocation: running.record.id)
                    Self.endCall(app, host)
                    loop.execute { bound.value.handler.finish(reply, context: bound.value.context) }
                }
            }
        }
    }

    /// A call served here ended (answered, or abandoned before it ran): its handler and its app's
    /// share are free again.
    private static func endCall(_ app: LoadedApp, _ host: CustomHandlerHost) {
        host.supervisor.endCall()
        app.requestGate?.finish()
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
        guard let action = machine.callAnswered(reply) else { return }
        perform(action, context: context)
        if let action = machine.callAnswerWritten() { perform(action, context: context) }
    }

    // MARK: outbound

    /// Hummingbird's answers pass through; the end of one lets held requests go.
    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let part = unwrapOutboundIn(data)
        context.write(data, promise: promise)
        // After Hummingbird has flushed the answer it is writing: a shutdown let through now
        // would close the connection before that answer left.
        if let action = machine.responsePartWritten(part) { perform(action, context: context) }
    }

    private func answer(_ message: HTTPMessage, close closeAfterAnswer: Bool, context: ChannelHandlerContext) {
        let head = FrontResponder.answerHead(
            message,
            contentLength: message.status >= 200 && message.status != 204 && message.status != 304 ? message.body.readableBytes : nil,
            date: HTTPDateHeader.now,
            server: serverName,
            close: closeAfterAnswer
        )
        if codecWritesAnswerHeads {
            // In order with the writes before and after it (see HTTP1ServerCodec.triggerUserOutboundEvent).
            context.triggerUserOutboundEvent(head, promise: nil)
        } else {
            context.write(wrapOutboundOut(.head(HTTPResponse(status: .init(code: message.status), headerFields: head.headerFields))), promise: nil)
        }
        if message.body.readableBytes > 0 { context.write(wrapOutboundOut(.body(message.body)), promise: nil) }
        guard closeAfterAnswer else {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            return
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }
}
