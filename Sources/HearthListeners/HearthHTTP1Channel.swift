public import HummingbirdCore
public import Logging
public import NIOCore
import NIOHTTP1
public import NIOHTTPTypes
import NIOSSL

/// Hummingbird's HTTP/1.1 child channel with Hearth's listener rules (``ListenerConfiguration``):
/// TLS first when configured (with the certificate current when the connection opens), then the
/// ``ConnectionTimeoutHandler`` over the decrypted bytes, NIO's HTTP/1.1 encoder and decoder, the
/// ``HTTP1ServerCodec`` (NIOHTTP1 parts to HTTPTypes ones, and the requests' and answers' progress
/// to the timeout handler), the caller's handlers (the function host's fast path), and
/// Hummingbird's connection state handler.
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
            // The limits Hummingbird's own HTTP1Channel sets.
            var limits = NIOHTTPDecoderLimitConfiguration()
            limits.maxHeaderFieldSize = 80 * 1024
            limits.maxHeaderListSize = 80 * 1024
            limits.maxHeaderFieldCount = 1000
            try pipeline.configureHTTPServerPipeline(
                withPipeliningAssistance: false,
                withErrorHandling: false,
                withOutboundHeaderValidation: false,
                withEncoderConfiguration: .init(),
                withDecoderLimitConfiguration: limits
            )
            try pipeline.addHandler(HTTP1ServerCodec(secure: listener.tls != nil, timeouts: timeouts))
            try pipeline.addHandlers(additionalChannelHandlers())
            try pipeline.addHandler(HTTPConnectionStateHandler(idleTimeout: nil, logger: logger))
            return try NIOAsyncChannel(wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    public func handle(value: Value, logger: Logger) async {
        await handleHTTP(asyncChannel: value, logger: logger)
    }
}
