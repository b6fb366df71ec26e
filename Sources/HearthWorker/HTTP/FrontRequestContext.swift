public import Hummingbird
public import NIOCore

/// The request context of the HTTP front: Hummingbird's core storage plus the peer's address
/// (needed to decide whether `X-Forwarded-*` headers come from a trusted proxy).
public struct FrontRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// Function apps receive bodies up to 100 MiB (the Azure Functions limit).
    public var maxUploadSize: Int { 100 * 1024 * 1024 }
}
