public import HummingbirdCore
public import NIOCore

extension HTTPServerBuilder {
    /// An HTTP/1.1 server with Hearth's listener rules (``HearthHTTP1Channel``).
    ///
    /// ```swift
    /// Application(router: router, server: .hearth(listener), configuration: listener.applicationAddress(...))
    /// ```
    public static func hearth(
        _ listener: ListenerConfiguration,
        additionalChannelHandlers: @escaping @Sendable () -> [any RemovableChannelHandler] = { [] }
    ) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            HearthHTTP1Channel(responder: responder, listener: listener, additionalChannelHandlers: additionalChannelHandlers)
        }
    }
}
