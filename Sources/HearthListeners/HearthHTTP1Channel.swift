public import HummingbirdCore
public import Logging
public import NIOCore
import NIOHTTP1
public import NIOHTTPTypes
import NIOSSL

/// Hummingbird's HTTP/1.1 child channel with Hearth's listener rules (``ListenerConfiguration``):
/// TLS first when configured (with the certificate current when the connection opens), then the
/// ``ConnectionTimeoutHandler`` over the decrypted bytes, NIO's HTTP/1.1 request decoder, the
/// ``HTTP1ServerCodec`` (NIOHTTP1 request parts to HTTPTypes ones; HTTPTypes answer parts to bytes
/// with its ``HTTP1ResponseEncoder``, in place of NIO's response encoder; the requests' and
/// answers' progress to the timeout handler), the caller's handlers (the function host's fast
/// path), and Hummingbird's connection state handler.
public struct HearthHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    public typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>

    public let responder: HTTPChannelHandler.Responder
    private let listener: ListenerConfiguration
    private let additionalChannelHandlers: @Sendable () -> [any RemovableChannelHandler]

    /// - Parameters:
    ///   - responder: Answers requests (Hummingbird's router or a custom responder).
    ///   - listener: Time limits and TLS.
    ///   - additionalChannelHandlers: Handlers placed after the HTTP codec, made per connection.
    public init(
        responder: @escaping HTTPChannelHandler.Responder,
        listener: ListenerConfiguration,
        additionalChannelHandlers: @escaping @Sendable () -> [any RemovableChannelHandler] = { [] }
    ) {
        self.responder = responder
        self.listener = listener
        self.additionalChannelHandlers = additionalChannelHandlers
    }

    public func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let pipeline = channel.pipeline.syncOperations
            if let tls = listener.tls {
                try pipeline.addHandler(NIOSSLServerHandler(context: tls.context))
            }
            let timeouts = ConnectionTimeoutHandler(
                headTimeout: TimeAmount(listener.requestHeadTimeout),
                idleTimeout: TimeAmount(listener.idleTimeout),
                logger: logger
            )
            try pipeline.addHandler(timeouts)
            try Self.addHTTP1Handlers(to: pipeline, secure: listener.tls != nil, timeouts: timeouts)
            try pipeline.addHandlers(additionalChannelHandlers())
            try pipeline.addHandler(HTTPConnectionStateHandler(idleTimeout: nil, logger: logger))
            return try NIOAsyncChannel(wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    /// The HTTP/1.1 handlers of the pipeline, added at its end: NIO's request decoder as
    /// `configureHTTPServerPipeline` adds it (no upgrade, so bytes left over when it is removed are
    /// dropped; the limits Hummingbird's own HTTP1Channel sets), then the ``HTTP1ServerCodec``, which
    /// writes answers itself: there is no NIO response encoder.
    public static func addHTTP1Handlers(
        to pipeline: ChannelPipeline.SynchronousOperations,
        secure: Bool,
        timeouts: ConnectionTimeoutHandler?
    ) throws {
        var limits = NIOHTTPDecoderLimitConfiguration()
        limits.maxHeaderFieldSize = 80 * 1024
        limits.maxHeaderListSize = 80 * 1024
        limits.maxHeaderFieldCount = 1000
        try pipeline.addHandler(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes, limitConfiguration: limits)))
        try pipeline.addHandler(HTTP1ServerCodec(secure: secure, timeouts: timeouts))
    }

    public func handle(value: Value, logger: Logger) async {
        await handleHTTP(asyncChannel: value, logger: logger)
    }
}
