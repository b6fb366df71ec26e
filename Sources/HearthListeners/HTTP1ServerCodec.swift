public import HTTPTypes
public import NIOCore
public import NIOHTTP1
public import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// NIOHTTPTypesHTTP1's `HTTP1ToHTTPServerCodec` with the same result for every request, made
/// cheaper for the common one, NIO's HTTP/1.1 response encoder in one with it, and the
/// connection's progress told to its ``ConnectionTimeoutHandler`` on the way.
///
/// - A request target in origin form (`/path?query`, what every client sends to a server that is
///   not a proxy) is the request's path as it is. NIO's conversion finds that out by parsing each
///   target with Foundation's `URLComponents` (to recognise the absolute form, `http://host/path`),
///   which cost a few percent of a warm request's instructions (bench/README.md, "Warm path
///   profile"); any other target still goes through it.
/// - Every request head, body part and end it passes on, and every answer's end it writes, it
///   first reports to `timeouts` (where requests and answers begin and end). That was a handler of
///   its own after this one, which cost each part, each write, flush and read one more pass
///   through the pipeline (bench/README.md, "Pipeline hops"). A head NIO's conversion refuses is
///   not reported: it goes on as an error, as before.
/// - Answers are written as bytes by an ``HTTP1ResponseEncoder`` (the same bytes NIO's
///   `HTTPResponseEncoder` wrote for them, framing included, told each request's method as NIO's
///   request decoder told it), not turned into NIOHTTP1's `HTTPResponseHead` for NIO's encoder: that
///   conversion and encoder were 20 k instructions of a forwarded warm request (bench/README.md,
///   "Answers written by Hearth (issue #16)"). There is no NIO response encoder in the pipeline.
/// - An answer's head may also come as an ``HTTP1AnswerHead`` (the front's fast path relaying a
///   function's reply): sent down the pipeline as an outbound user event, it becomes a write of its
///   bytes here, by the same encoder (see ``triggerUserOutboundEvent(context:event:promise:)``).
public final class HTTP1ServerCodec: ChannelDuplexHandler, RemovableChannelHandler {
    public typealias InboundIn = HTTPServerRequestPart
    public typealias InboundOut = HTTPRequestPart
    public typealias OutboundIn = HTTPResponsePart
    public typealias OutboundOut = ByteBuffer

    private let secure: Bool
    private let timeouts: ConnectionTimeoutHandler?
    private var encoder = HTTP1ResponseEncoder()

    /// - Parameters:
    ///   - secure: The connection is TLS (the requests' scheme is `https`).
    ///   - timeouts: The connection's time limits, told where requests and answers begin and end;
    ///     `nil`: none.
    public init(secure: Bool, timeouts: ConnectionTimeoutHandler? = nil) {
        self.secure = secure
        self.timeouts = timeouts
    }

    /// The request `head` stands for, as `HTTPRequest(head, secure:, splitCookie: false)` makes it.
    /// Throws what that throws (a method HTTPTypes does not accept).
    public static func request(_ head: HTTPRequestHead, secure: Bool) throws -> HTTPRequest {
        // Only an absolute-form target has a scheme, and a scheme starts with a letter: a target
        // that starts with "/" is the path NIO's conversion returns unchanged.
        guard head.uri.utf8.first == UInt8(ascii: "/") else { return try HTTPRequest(head, secure: secure, splitCookie: false) }
        return HTTPRequest(
            method: try HTTPRequest.Method(head.method),
            scheme: secure ? "https" : "http",
            authority: head.headers.first(name: "Host"),
            path: head.uri,
            headerFields: HTTPFields(head.headers, splitCookie: false)
        )
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            // Before the conversion, as NIO's request decoder told its encoder of every head.
            encoder.requestRead(method: head.method)
            let request: HTTPRequest
            do {
                request = try Self.request(head, secure: secure)
            } catch {
                context.fireErrorCaught(error)
                return
            }
            timeouts?.update { $0.headRead(now: $1) }
            context.fireChannelRead(wrapInboundOut(.head(request)))
        case .body(let body):
            timeouts?.update { $0.bodyRead(now: $1) }
            context.fireChannelRead(wrapInboundOut(.body(body)))
        case .end(let trailers):
            timeouts?.update { $0.requestEnded(now: $1) }
            context.fireChannelRead(wrapInboundOut(.end(trailers.map { HTTPFields($0, splitCookie: false) })))
        }
    }

    /// An ``HTTP1AnswerHead`` is an answer's head, as a `.head` part written here would be: its
    /// bytes, from ``HTTP1ResponseEncoder/head(_:allocator:)-(HTTP1AnswerHead,_)``, are written
    /// where the head's would be, and `promise` completes with that write. Any other event goes on.
    ///
    /// Why an event and not a write: the connection's encoder (the methods of the requests not yet
    /// answered, the framing of the answer being written) has one owner, this codec, and every
    /// answer on the connection — Hummingbird's and the fast path's, interleaved as requests are
    /// pipelined — must reach it in the order they were written. An outbound event travels the
    /// same path as writes, through every handler in between, in order with them; a write of a
    /// second type would make this handler's `OutboundIn` `Any` (NIO has no public way to ask a
    /// `NIOAny` what it holds), and a method the fast path called on this codec would go around
    /// the handlers in between.
    public func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard let answer = event as? HTTP1AnswerHead else { return context.triggerUserOutboundEvent(event, promise: promise) }
        context.write(wrapOutboundOut(encoder.head(answer, allocator: context.channel.allocator)), promise: promise)
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let response):
            context.write(wrapOutboundOut(encoder.head(response, allocator: context.channel.allocator)), promise: promise)
        case .body(let body):
            switch encoder.body(length: body.readableBytes) {
            case .asIs:
                context.write(wrapOutboundOut(body), promise: promise)
            case .chunk:
                // Three writes, as NIO's encoder: the size line, the part, the line end; the
                // promise completes with the last (writes complete in order).
                var header = HTTP1ResponseEncoder.chunkHeader(length: body.readableBytes, allocator: context.channel.allocator)
                context.write(wrapOutboundOut(header), promise: nil)
                context.write(wrapOutboundOut(body), promise: nil)
                header.moveReaderIndex(forwardBy: header.readableBytes - 2)
                context.write(wrapOutboundOut(header), promise: promise)
            case .refused:
                promise?.fail(NIOHTTPResponseEncoderError.responseBodyNotAllowed)
            }
        case .end(let trailers):
            timeouts?.update { $0.responseEnded(now: $1) }
            if let bytes = encoder.end(trailers, allocator: context.channel.allocator) {
                context.write(wrapOutboundOut(bytes), promise: promise)
            } else if let promise {
                // Nothing to write, but the promise must not complete before earlier writes.
                context.write(wrapOutboundOut(context.channel.allocator.buffer(capacity: 0)), promise: promise)
            }
        }
    }
}
