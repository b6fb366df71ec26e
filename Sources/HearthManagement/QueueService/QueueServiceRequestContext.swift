import HearthCore
public import Hummingbird

/// The request context of the queue service endpoint: Hummingbird's core context plus the queue
/// account ``QueueServiceAuthMiddleware`` authenticated the request for.
public struct QueueServiceRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The account of the URL's first path segment, once its Shared Key signature was checked.
    var account: QueueAccount?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.account = nil
    }

    /// The authenticated account; routes run only behind the middleware, so it is always set.
    func requireAccount() throws -> QueueAccount {
        guard let account else { throw QueueServiceError.unknownAccount }
        return account
    }
}
