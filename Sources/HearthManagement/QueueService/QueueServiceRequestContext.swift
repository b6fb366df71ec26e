import HearthCore
public import Hummingbird
import NIOCore

/// The request context of the queue service endpoint: Hummingbird's core context plus the queue
/// account ``QueueServiceAuthMiddleware`` authenticated the request for.
public struct QueueServiceRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The account of the URL's first path segment, once its Shared Key signature was checked.
    var account: QueueAccount?
    /// The client's IP address, for a shared access signature's `sip`.
    var remoteAddress: String?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.account = nil
        self.remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The authenticated account; routes run only behind the middleware, so it is always set.
    func requireAccount() throws -> QueueAccount {
        guard let account else { throw QueueServiceError.unknownAccount }
        return account
    }
}
