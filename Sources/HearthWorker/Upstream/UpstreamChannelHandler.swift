import NIOCore
import NIOHTTP1

/// The last handler of an upstream connection: writes one ``UpstreamRequest``'s bytes (past the
/// ``UpstreamResponseDecoder``, which notes its method), collects the response parts, and calls
/// the request's completion exactly once: the request in flight is taken out before its
/// completion is called, whichever of the answer, the deadline, an error or the connection's end
/// comes first. One request at a time per connection (no pipelining); the pool only hands an idle
/// connection out.
///
/// It also times the request's deadline, behind one timer per connection (``RpcDeadlines``): the
/// timer is armed only when a request's deadline comes earlier than the armed one, so with one
/// `functionTimeout` for every call a connection arms it about once per timeout instead of once per
/// request (a scheduled task, its closure and its promise were three allocations per call). Past the
/// deadline the request fails with ``UpstreamDeadlineExceeded`` and the connection is closed.
final class UpstreamChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = UpstreamRequest
    typealias OutboundOut = ByteBuffer

    private var pending: UpstreamCompletion?
    private var head: HTTPResponseHead?
    private var body: ByteBuffer?
    private let maxBodyBytes: Int
    /// Called with the connection and whether it may carry another request once an answer came
    /// complete, before the request's completion is called (the pool takes it back, so that what
    /// the answer sets off finds it idle).
    private let answered: (any Channel, _ reusable: Bool) -> Void
    /// The deadline of the request in flight (its key: ``sequence``), behind ``timer``.
    private var deadlines = RpcDeadlines<UInt64>()
    /// The key of the request in flight, or of the last one.
    private var sequence: UInt64 = 0
    /// The armed deadline timer.
    private var timer: Scheduled<Void>?

    init(maxBodyBytes: Int, answered: @escaping (any Channel, _ reusable: Bool) -> Void = { _, _ in }) {
        self.maxBodyBytes = maxBodyBytes
        self.answered = answered
    }

    /// Requests with a deadline not yet passed or answered (0 or 1), for tests.
    var deadlineCount: Int { deadlines.count }
    /// Whether the deadline timer is armed, for tests.
    var timerArmed: Bool { timer != nil }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        precondition(pending == nil, "an upstream connection carries one request at a time")
        pending = request.completion
        head = nil
        body = nil
        sequence &+= 1
        if case .arm(let at) = deadlines.add(sequence, by: request.deadline) { arm(at, context: context) }
        // One write per request: the decoder reads each write's method from its start.
        context.writeAndFlush(wrapOutboundOut(request.bytes), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let responseHead):
            head = responseHead
        case .body(var chunk):
            if body == nil {
                body = chunk
            } else {
                body!.writeBuffer(&chunk)
            }
            if (body?.readableBytes ?? 0) > maxBodyBytes {
                fail(context: context, WorkerError(.handlerFailed, "the handler's reply is larger than \(maxBodyBytes) bytes"))
            }
        case .end:
            guard let completion = pending, let responseHead = head else { return }
            pending = nil
            deadlines.remove(sequence)
            let response = UpstreamResponse(head: responseHead, body: body ?? ByteBuffer())
            head = nil
            body = nil
            answered(context.channel, responseHead.isKeepAlive)
            completion(.success(response))
        }
    }

    /// A read ended with the answer incomplete: acknowledge what came at once (`TCP_QUICKACK`).
    /// A handler that writes its answer in two pieces (headers, then body, as Python's
    /// `http.server` does) without `TCP_NODELAY` has the second piece held back by Nagle's
    /// algorithm until the first is acknowledged, and Linux delays that acknowledgement by up to
    /// 40 ms on a connection that looks interactive: 40 ms added to every such call.
    func channelReadComplete(context: ChannelHandlerContext) {
        #if os(Linux)
        if pending != nil {
            try? context.channel.syncOptions?.setOption(Self.quickAck, value: 1)
        }
        #endif
        context.fireChannelReadComplete()
    }

    /// `TCP_QUICKACK` (12 on Linux, which alone has it; not sticky: the kernel returns to delayed
    /// acknowledgements by itself).
    static let quickAck = ChannelOptions.Types.SocketOption(level: .tcp, name: .init(rawValue: 12))

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(context: context, error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        closed()
    }

    /// The connection is gone: the request in flight fails, and no deadline is left to time.
    private func closed() {
        timer?.cancel()
        timer = nil
        deadlines = RpcDeadlines()
        if let completion = pending {
            pending = nil
            completion(.failure(WorkerError(.handlerFailed, "the handler closed the connection before it answered")))
        }
    }

    /// Fails the request in flight (deadline, oversize, protocol error) and closes the connection.
    func fail(context: ChannelHandlerContext, _ error: any Error) {
        if let completion = pending {
            pending = nil
            deadlines.remove(sequence)
            completion(.failure(error))
        }
        context.close(promise: nil)
    }

    // MARK: the deadline timer

    private func arm(_ at: NIODeadline, context: ChannelHandlerContext) {
        timer?.cancel()
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: at) { self.deadlinePassed(context: context) }
    }

    /// The timer went off: the request in flight fails if its deadline passed; the timer re-arms
    /// for a later one.
    private func deadlinePassed(context: ChannelHandlerContext) {
        let (expired, action) = deadlines.fired(now: context.eventLoop.now)
        // `arm` cancels the timer it replaces: a timer cancelled in the pass it was due still
        // runs, and must not leave the armed one behind untracked.
        if case .arm(let at) = action {
            arm(at, context: context)
        } else {
            timer?.cancel()
            timer = nil
        }
        if pending != nil, expired.contains(sequence) { fail(context: context, UpstreamDeadlineExceeded()) }
    }
}
