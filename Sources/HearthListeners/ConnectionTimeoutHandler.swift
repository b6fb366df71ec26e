public import Logging
public import NIOCore

/// Closes a connection whose client is too slow or idle (``ConnectionDeadlines``). Sits first in the
/// pipeline after TLS, where it sees every byte read and every `read` the server asks for; the
/// ``HTTP1ServerCodec``, after the HTTP decoder, tells it where requests and answers begin and end. Keeps at most one timer per
/// connection, moved only when a deadline comes earlier than the timer, so a request costs no
/// timer operation.
public final class ConnectionTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer
    public typealias OutboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    private var deadlines: ConnectionDeadlines?
    private let headTimeout: TimeAmount
    private let idleTimeout: TimeAmount
    private let logger: Logger
    private var context: ChannelHandlerContext?
    private var timer: Scheduled<Void>?
    private var timerDeadline: NIODeadline?

    /// - Parameters:
    ///   - headTimeout: The longest a request head may take from its first byte.
    ///   - idleTimeout: The longest wait for the next request or for more of a body.
    ///   - logger: Closings are logged at debug level.
    public init(headTimeout: TimeAmount, idleTimeout: TimeAmount, logger: Logger) {
        self.headTimeout = headTimeout
        self.idleTimeout = idleTimeout
        self.logger = logger
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { start(context) }
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        stop()
        self.context = nil
    }

    public func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    public func channelInactive(context: ChannelHandlerContext) {
        stop()
        context.fireChannelInactive()
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        update { $0.bytesRead(now: $1) }
        context.fireChannelRead(data)
    }

    public func read(context: ChannelHandlerContext) {
        update { $0.readRequested(now: $1) }
        context.read()
    }

    /// Records what ``HTTP1ServerCodec`` saw and moves the timer if need be.
    func update(_ change: (inout ConnectionDeadlines, NIODeadline) -> Void) {
        guard var state = deadlines, let context else { return }
        change(&state, context.eventLoop.now)
        deadlines = state
        schedule(context)
    }

    private func start(_ context: ChannelHandlerContext) {
        guard deadlines == nil else { return }
        deadlines = ConnectionDeadlines(headTimeout: headTimeout, idleTimeout: idleTimeout, now: context.eventLoop.now)
        schedule(context)
    }

    private func stop() {
        timer?.cancel()
        timer = nil
        timerDeadline = nil
        deadlines = nil
    }

    private func schedule(_ context: ChannelHandlerContext) {
        guard let deadline = deadlines?.deadline?.at else { return }
        if let timerDeadline, timerDeadline <= deadline { return }
        timer?.cancel()
        timerDeadline = deadline
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in fire() }
    }

    private func fire() {
        timer = nil
        timerDeadline = nil
        guard let context, let state = deadlines else { return }
        if let reason = state.expired(now: context.eventLoop.now) {
            logger.debug(
                "closing connection",
                metadata: ["reason": "\(reason.rawValue)", "remote": "\(context.channel.remoteAddress?.description ?? "?")"]
            )
            stop()
            context.close(promise: nil)
        } else {
            schedule(context)
        }
    }
}
