public import Foundation
import HTTPTypes
public import HearthCore
public import HearthListeners
public import HearthStore
public import Hummingbird
public import Logging
import NIOCore
import ServiceLifecycle

/// Hearth's queues behind Azure Storage's queue service REST API, so that Azure's SDKs, given a
/// queue account's connection string, use them unchanged.
///
/// Path-style URLs, as Azurite serves them: `http://host:port/{account}/{queue}/messages`, so a
/// connection string holds `QueueEndpoint=http://host:port/{account}`. Requests are authorized
/// with Shared Key (``QueueSharedKey``) and one of the account's two keys, or with an account or
/// queue shared access signature made with one of them (``QueueSAS``).
///
/// Operations: List Queues (`GET /{account}?comp=list`), Create, Delete Queue (`PUT`, `DELETE
/// /{account}/{queue}`), Get and Set Queue Metadata (`?comp=metadata`), Put, Get, Peek Messages
/// (`POST`, `GET /{account}/{queue}/messages`, `peekonly=true`), Clear Messages (`DELETE
/// …/messages`), Delete and Update Message (`DELETE`, `PUT …/messages/{id}?popreceipt=`).
public struct QueueServiceEndpoint: Sendable {
    /// The REST API version answered when a request names none.
    static let defaultVersion = "2021-02-12"
    /// The largest request body read (a message is at most 64 KiB of text; XML and entities add some).
    static let maxBodyBytes = 1 << 20

    let store: any QueueStore
    let logger: Logger
    let now: @Sendable () -> Date
    let signals: QueueSignals?

    /// - Parameters:
    ///   - store: Where the accounts, their keys, queues and messages are.
    ///   - logger: The endpoint's logger.
    ///   - now: The clock (tests pass a fixed one).
    ///   - signals: Poked after a message is put, so a worker in the same process polls at once.
    public init(store: any QueueStore, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }, signals: QueueSignals? = nil) {
        self.store = store
        self.logger = logger
        self.now = now
        self.signals = signals
    }

    /// The endpoint's routes, behind the Shared Key and shared access signature middleware.
    /// - Parameter isHTTPS: Whether the listener serves TLS (shared access signatures with
    ///   `spr=https` are refused otherwise).
    public func buildRouter(isHTTPS: Bool = false) -> Router<QueueServiceRequestContext> {
        let router = Router(context: QueueServiceRequestContext.self)
        router.add(middleware: QueueServiceAuthMiddleware(store: store, now: now, isHTTPS: isHTTPS))
        let routes = QueueServiceRoutes(store: store, now: now, signals: signals)
        router.get("/:account", use: routes.service)
        router.put("/:account/:queue", use: routes.putQueue)
        router.get("/:account/:queue", use: routes.getQueue)
        router.head("/:account/:queue", use: routes.getQueue)
        router.delete("/:account/:queue", use: routes.deleteQueue)
        router.post("/:account/:queue/messages", use: routes.putMessage)
        router.get("/:account/:queue/messages", use: routes.getMessages)
        router.delete("/:account/:queue/messages", use: routes.clearMessages)
        router.put("/:account/:queue/messages/:id", use: routes.updateMessage)
        router.delete("/:account/:queue/messages/:id", use: routes.deleteMessage)
        return router
    }

    /// A Hummingbird application serving ``buildRouter()`` on its own listener, to run as a `Service`.
    /// - Parameters:
    ///   - configuration: Address and server options.
    ///   - listener: Time limits, the connection cap and TLS.
    ///   - onServerRunning: Called with the bound port once it listens.
    public func makeApplication(
        configuration: ApplicationConfiguration,
        listener: ListenerConfiguration = ListenerConfiguration(name: "queue service"),
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var configuration = configuration
        configuration.availableConnectionsDelegate = ConnectionCap(limit: listener.maxConnections, listener: listener.name, logger: logger)
        var services: [any Service] = []
        if let tls = listener.tls { services.append(TLSReloadService(reloader: tls, logger: logger)) }
        return Application(
            router: buildRouter(isHTTPS: listener.tls != nil),
            server: .hearth(listener),
            configuration: configuration,
            services: services,
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }
}
