import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Logging
import ServiceLifecycle
import Synchronization

/// The gRPC server language workers connect back to, as the Azure Functions host runs one:
/// plaintext HTTP/2, messages of any size.
///
/// The worker role runs one on `127.0.0.1` at a port the system picks, for workers that share the
/// host's network (`--no-isolation`, `--shared-network`). A worker in a sandbox with its own
/// network cannot reach that port, and must not reach any other worker's endpoint: it gets a
/// server of its own (``sandboxEndpoint(workerID:)``) on a Unix socket in a directory only its
/// sandbox has mounted. Every server admits a stream only for a worker id registered in
/// ``registry`` before that worker was launched, once, and only through the endpoint it was
/// registered for: the worker id on a command line admits no one through the shared port.
final class FunctionRpcServer: Service, Sendable {
    let registry: RpcWorkerRegistry
    private let server: GRPCServer<HTTP2ServerTransport.Posix>
    private let maxMessageBytes: Int
    private let logger: Logger

    /// - Parameter maxMessageBytes: The largest message a worker may send: a response body plus room for the rest.
    /// The name of the shared TCP endpoint in ``RpcWorkerRegistry``.
    static let sharedEndpoint = "shared"

    convenience init(maxMessageBytes: Int, logger: Logger) {
        self.init(
            address: .ipv4(host: "127.0.0.1", port: 0),
            endpoint: Self.sharedEndpoint,
            registry: RpcWorkerRegistry(),
            maxMessageBytes: maxMessageBytes,
            logger: logger
        )
    }

    private init(address: SocketAddress, endpoint: String, registry: RpcWorkerRegistry, maxMessageBytes: Int, logger: Logger) {
        self.registry = registry
        self.maxMessageBytes = maxMessageBytes
        self.logger = logger
        var config = HTTP2ServerTransport.Posix.Config.defaults
        config.rpc.maxRequestPayloadSize = maxMessageBytes
        let transport = HTTP2ServerTransport.Posix(address: address, transportSecurity: .plaintext, config: config)
        server = GRPCServer(transport: transport, services: [FunctionRpcService(registry: registry, endpoint: endpoint, logger: logger)])
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

    /// A server of its own for one sandboxed worker, listening once this returns.
    func sandboxEndpoint(workerID: String) async throws -> RpcSandboxEndpoint {
        let directory = try RpcSandboxEndpoint.makeDirectory()
        // The worker is admitted through this endpoint only: not through the shared TCP port, where
        // any local user could present the worker id its command line shows.
        registry.assign(workerID: workerID, to: directory)
        let own = FunctionRpcServer(
            address: .unixDomainSocket(path: directory + "/" + RpcSandboxEndpoint.socketName),
            endpoint: directory,
            registry: registry,
            maxMessageBytes: maxMessageBytes,
            logger: logger
        )
        let endpoint = RpcSandboxEndpoint(server: own, directory: directory)
        do {
            guard try await own.server.listeningAddress != nil else {
                throw WorkerError(.launchFailed, "the worker's FunctionRpc endpoint did not listen")
            }
        } catch {
            endpoint.stop()
            throw error
        }
        return endpoint
    }

    fileprivate func serve() async throws { try await server.serve() }
}

/// One sandboxed worker's own FunctionRpc server, on a Unix socket in a fresh 0700 directory that
/// is mounted into that sandbox only (at ``sandboxDirectory``).
///
/// The Python worker 1.1.9 dials `f"{host}:{port}"`, so `--host unix:/run/hearth-rpc/rpc --port 1`
/// reaches the socket file named `rpc:1`.
final class RpcSandboxEndpoint: Sendable {
    static let sandboxDirectory = "/run/hearth-rpc"
    static let socketName = "rpc:1"
    /// `--host` and `--port` for the worker.
    static let host = "unix:\(sandboxDirectory)/rpc"
    static let port = 1

    /// The host directory holding the socket.
    let directory: String
    private let server: FunctionRpcServer
    /// The server runs as long as the worker; its task ends when ``stop()`` shuts it down.
    private let task: Task<Void, Never>

    fileprivate init(server: FunctionRpcServer, directory: String) {
        self.server = server
        self.directory = directory
        task = Task { try? await server.serve() }
    }

    deinit { stop() }

    /// The mount that shows the socket's directory to the worker's sandbox.
    var mount: ProcessSpec.Mount { ProcessSpec.Mount(source: directory, destination: Self.sandboxDirectory) }

    /// Stops the server and removes the socket's directory.
    func stop() {
        server.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// `/tmp/hearth-rpc-PID-XXXXXX`, mode 0700 (a short path: Unix socket paths have 108 bytes at
    /// most). Directories that a process no longer running left behind are removed first.
    static func makeDirectory() throws -> String {
        pruneStale()
        var template = Array("/tmp/hearth-rpc-\(getpid())-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw WorkerError(.launchFailed, "cannot create a directory for a worker's FunctionRpc endpoint: \(String(cString: strerror(errno)))")
        }
        return String(cString: made)
    }

    private static let pruned = Mutex(false)

    private static func pruneStale() {
        guard
            pruned.withLock({ done in
                defer { done = true }
                return !done
            })
        else { return }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? []
        for entry in entries where entry.hasPrefix("hearth-rpc-") {
            let parts = entry.split(separator: "-")
            guard parts.count == 4, let pid = Int32(parts[2]), pid != getpid(), kill(pid, 0) != 0 && errno == ESRCH else { continue }
            // Only directories Hearth's user made: never a tree (or a link) another local user left there.
            // (attributesOfItem does not follow a link: it describes the link itself.)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: "/tmp/" + entry),
                attributes[.type] as? FileAttributeType == .typeDirectory, (attributes[.ownerAccountID] as? NSNumber)?.uint32Value == geteuid()
            else { continue }
            try? FileManager.default.removeItem(atPath: "/tmp/" + entry)
        }
    }
}
