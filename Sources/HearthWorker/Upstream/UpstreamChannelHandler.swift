import NIOCore
import NIOHTTP1

/// The last handler of an upstream connection: turns one ``UpstreamRequest`` into HTTP request
/// parts, collects the response parts, and completes the request's promise. One request at a time
/// per connection (no pipelining); the pool only hands an idle connection out.
final class UpstreamChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = UpstreamRequest
    typealias OutboundOut = HTTPClientRequestPart

    private var pending: EventLoopPromise<UpstreamResponse>?
    private var head: HTTPResponseHead?
    private var body: ByteBuffer?
    private let maxBodyBytes: Int

    init(maxBodyBytes: Int) { self.maxBodyBytes = maxBodyBytes }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        precondition(pending == nil, "an upstream connection carries one request at a time")
        pending = request.promise
        head = nil
        body = nil
        context.write(wrapOutboundOut(.head(request.head)), promise: nil)
        if let payload = request.body, payload.readableBytes > 0 {
            context.write(wrapOutboundOut(.body(.byteBuffer(payload))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: promise)
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
            guard let promise = pending, let responseHead = head else { return }
            pending = nil
            promise.succeed(UpstreamResponse(head: responseHead, body: body ?? ByteBuffer()))
            head = nil
            body = nil
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
        if let promise = pending {
            pending = nil
            promise.fail(WorkerError(.handlerFailed, "the handler closed the connection before it answered"))
        }
        context.fireChannelInactive()
    }

    /// Fails the request in flight (deadline, oversize, protocol error) and closes the connection.
    func fail(context: ChannelHandlerContext, _ error: any Error) {
        if let promise = pending {
            pending = nil
            promise.fail(error)
        }
        context.close(promise: nil)
    }
}
