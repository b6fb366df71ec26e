public import NIOCore
public import NIOHTTPTypes

/// Tells the connection's ``ConnectionTimeoutHandler`` where requests and answers begin and end.
/// Sits right after the HTTP decoder; passes everything through unchanged.
public final class ConnectionProgressHandler: ChannelDuplexHandler, RemovableChannelHandler {
    public typealias InboundIn = HTTPRequestPart
    public typealias InboundOut = HTTPRequestPart
    public typealias OutboundIn = HTTPResponsePart
    public typealias OutboundOut = HTTPResponsePart

    private let timeouts: ConnectionTimeoutHandler

    public init(_ timeouts: ConnectionTimeoutHandler) {
        self.timeouts = timeouts
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: timeouts.update { $0.headRead(now: $1) }
        case .body: timeouts.update { $0.bodyRead(now: $1) }
        case .end: timeouts.update { $0.requestEnded(now: $1) }
        }
        context.fireChannelRead(data)
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { timeouts.update { $0.responseEnded(now: $1) } }
        context.write(data, promise: promise)
    }
}
