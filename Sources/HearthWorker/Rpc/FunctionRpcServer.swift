import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Logging
import ServiceLifecycle
import Synchronization

/// The gRPC server language workers connect back to, as the Azure Functions host runs one:
/// plaintext HTTP/2 on `127.0.0.1` at a port the system picks, messages of any size. One per
/// worker role; every language worker process of every app uses it, told apart by worker id.
final class FunctionRpcServer: Service, Sendable {
    let registry = RpcWorkerRegistry()
    private let server: GRPCServer<HTTP2ServerTransport.Posix>
    private let logger: Logger

    /// - Parameter maxMessageBytes: The largest message a worker may send (apps share the host's
    ///   network, so any of them can reach this port): a response body plus room for the rest.
    init(maxMessageBytes: Int, logger: Logger) {
        self.logger = logger
        var config = HTTP2ServerTransport.Posix.Config.defaults
        config.rpc.maxRequestPayloadSize = maxMessageBytes
        let transport = HTTP2ServerTransport.Posix(
            address: .ipv4(host: "127.0.0.1", port: 0), transportSecurity: .plaintext, config: config)
        server = GRPCServer(transport: transport, services: [FunctionRpcService(registry: registry, logger: logger)])
    }

    /// The port once the server listens (waits for it).
    func port() async throws -> Int {
        guard let address = try await server.listeningAddress?.ipv4 else {
            throw WorkerError(.launchFailed, "the FunctionRpc server is not listening")
        }
        return address.port
    }

    func run() async throws {
        try await withGracefulShutdownHandler {
            try await server.serve()
        } onGracefulShutdown: {
            self.server.beginGracefulShutdown()
        }
    }

    /// Stops accepting streams and ends open ones (tests).
    func shutdown() {
        server.beginGracefulShutdown()
    }
}
