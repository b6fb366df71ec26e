import HearthListeners
import Hummingbird
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle

/// The operators' listener (`--metrics-bind`): `GET /metrics`, the process's metrics in
/// Prometheus' text format. Nothing else is served on it, and it is never the function port.
struct MetricsEndpoint: Sendable {
    let registry: PrometheusCollectorRegistry
    let logger: Logger

    /// The text exposition format's content type.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    func buildRouter() -> Router<BasicRequestContext> {
        let router = Router()
        let registry = self.registry
        router.get("/metrics") { _, _ -> Response in
            var bytes: [UInt8] = []
            registry.emit(into: &bytes)
            return Response(
                status: .ok,
                headers: [.contentType: Self.contentType, .cacheControl: "no-store"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
            )
        }
        return router
    }

    /// The listener as a service, with the same time limits, connection cap and TLS as the others.
    func makeApplication(
        configuration: ApplicationConfiguration,
        listener: ListenerConfiguration,
        onServerRunning: @escaping @Sendable (Int) async -> Void
    ) -> some ApplicationProtocol {
        var configuration = configuration
        configuration.availableConnectionsDelegate = ConnectionCap(limit: listener.maxConnections, listener: listener.name, logger: logger)
        var services: [any Service] = []
        if let tls = listener.tls { services.append(TLSReloadService(reloader: tls, logger: logger)) }
        return Application(
            router: buildRouter(),
            server: .hearth(listener),
            configuration: configuration,
            services: services,
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }
}
