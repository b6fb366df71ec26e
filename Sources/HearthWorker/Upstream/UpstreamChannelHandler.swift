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
