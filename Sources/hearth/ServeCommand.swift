import ArgumentParser
import Foundation
import HearthListeners
import HearthServer
import Logging

/// `hearth serve`: management and worker in one process, on the embedded SQLite store.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the management API and the function host in one process on the embedded SQLite store.",
        discussion: """
            On first start Hearth creates the data directory, a master key for secrets (master.key, mode 0600, \
            unless HEARTH_MASTER_KEY is set) and an instance admin API token, which it prints once.
            Apps are served at http://{app}.{base-domain}:{http-port}/api/… and, without DNS, at \
            http://{host}:{http-port}/_app/{app}/api/….
            """
    )

    @Option(help: "Where Hearth keeps its database, master key and unpacked deployments.")
    var dataDir: String = ".hearth"

    @Option(help: "SQL Server connection string or mssql:// URL (default: $HEARTH_STORE, else the embedded SQLite store in --data-dir).")
    var store: String?

    @Flag(help: "SQL Server: apply pending schema migrations at start (the login needs DDL rights; otherwise a DBA runs 'hearth db migrate').")
    var migrate = false

    @Option(help: "The address both servers listen on (0.0.0.0 for every interface).")
    var bind: String = "127.0.0.1"

    @Option(help: "Port of the management REST API.")
    var managementPort: Int = 7070

    @Option(help: "Port of the function host (the apps' HTTP triggers).")
    var httpPort: Int = 7071

    @Option(
        help:
            "Port of the Azure-Storage-compatible queue endpoint, served by the management role (off unless given; Azurite uses 10001). Connection strings then name QueueEndpoint=http://{host}:{queue-port}/{account}."
    )
    var queuePort: Int?

    @Option(
        help: ArgumentHelp(
            "The operators' address for /metrics (Prometheus text format), served by every role this process runs; off unless given. Never on the function port.",
            valueName: "host:port"
        )
    )
    var metricsBind: String?

    @Option(help: "Apps are served at {app}.{base-domain}.")
    var baseDomain: String = "localhost"

    @Option(help: "The function host's URL as callers see it (for function URLs); default http://{bind}:{http-port}.")
    var publicURL: String?

    @Option(
        help:
            "The portal's public URL (its own host name, outside the apps' base domain), e.g. https://functions.example.com; its forms are accepted only from this origin (default: the address the browser used)."
    )
    var portalUrl: String?

    @Option(
        help:
            "The Kudu deploy endpoint publish profiles name, {app} standing for the app: https://{app}.scm.example.com or http://host:7070/scm/{app} (default: the path form on the address the caller used)."
    )
    var scmUrl: String?

    @Option(name: .customLong("trusted-proxy"), help: "An address or CIDR range whose X-Forwarded-* headers are trusted (repeatable).")
    var trustedProxies: [String] = []

    @Option(help: "Days the invocation log is kept.")
    var invocationRetentionDays: Int = 7

    @Option(help: "Largest deployment upload accepted, in MiB.")
    var maxUploadMb: Int = 100

    @Flag(
        help:
            "Run apps WITHOUT the sandbox (bubblewrap namespaces and cgroup limits): their code can read Hearth's data and other apps. Only for hosts without bubblewrap or cgroups."
    )
    var noIsolation = false

    @Flag(
        help:
            "Let sandboxed apps share the host's network instead of a network namespace each: their code can then reach other apps' handlers and Hearth's ports on 127.0.0.1. For hosts where Hearth cannot run as root."
    )
    var sharedNetwork = false

    @Option(help: "The Python worker's environment (default: <data-dir>/runtimes/python, made by 'hearth runtimes install python').")
    var pythonRuntime: String?

    @Option(help: "Python workers kept pre-started for the first request of Python apps (0 = none).")
    var pythonPool: Int = 1

    @Option(
        help: "Seconds without invocations after which an app's worker process stops (0 = never); apps override it with HEARTH_IDLE_TIMEOUT_SECONDS."
    )
    var idleTimeout: Int = 1200

    @Option(help: "Seconds an app's worker process may take to start (listen, or connect back and load its functions).")
    var workerStartTimeout: Int = 30

    @Option(help: "The largest function request body accepted, in MiB (larger ones get 413; the Azure Functions limit is 100).")
    var maxRequestBodyMb: Int = 100

    @Flag(
        help:
            "Serve every function request on the general path, also those for running custom handlers that the fast path answers on the connection's own thread (for comparison and diagnosis)."
    )
    var noFastPath = false

    @Option(
        help: ArgumentHelp(
            "Serve HTTPS on every listener with this PEM certificate chain (with --tls-key); reloaded when it changes.",
            valueName: "file"
        )
    )
    var tlsCert: String?

    @Option(help: ArgumentHelp("The PEM private key of --tls-cert.", valueName: "file"))
    var tlsKey: String?

    @Option(help: "Seconds a caller may take to send a request's head (method, path, headers); then its connection is closed.")
    var requestHeadTimeout: Int = 20

    @Option(help: "Seconds a connection may wait for its next request (keep-alive) or for more of a request body; then it is closed.")
    var connectionIdleTimeout: Int = 60

    @Option(help: "Connections each listener serves at once; further ones wait until one closes.")
    var maxConnections: Int = 4096

    @Option(help: "Invocations of one app running at once, unless its host.json sets extensions.http.maxConcurrentRequests (-1 = unbounded).")
    var maxConcurrentRequests: Int = 100

    @Option(
        help:
            "Requests of one app running or waiting at once, unless its host.json sets extensions.http.maxOutstandingRequests (-1 = unbounded); more get 429."
    )
    var maxOutstandingRequests: Int = 200

    @Option(
        help: ArgumentHelp(
            "How long a worker holds a queue message it took before another worker may take it "
                + "(renewed every half of it while the function runs; 5s to 7d): whole s, m, h or d.",
            valueName: "duration"
        )
    )
    var queueLease: String = QueueLeaseOption.defaultText

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    @OptionGroup(title: "Fleet") var fleet: FleetOptions

    func validate() throws {
        guard (0...65535).contains(managementPort), (0...65535).contains(httpPort) else {
            throw ValidationError("ports must be between 0 and 65535")
        }
        guard managementPort != httpPort || managementPort == 0 else {
            throw ValidationError("--management-port and --http-port must differ (both are \(httpPort))")
        }
        if let queuePort {
            guard (0...65535).contains(queuePort) else { throw ValidationError("--queue-port must be between 0 and 65535") }
            guard queuePort == 0 || (queuePort != managementPort && queuePort != httpPort) else {
                throw ValidationError("--queue-port must differ from --management-port and --http-port (it is \(queuePort))")
            }
        }
        if let metricsBind {
            let address: MetricsAddress
            do { address = try MetricsAddress(parsing: metricsBind) } catch { throw ValidationError(error.description) }
            guard address.port == 0 || (address.port != managementPort && address.port != httpPort && address.port != queuePort) else {
                throw ValidationError("--metrics-bind must use a port of its own, not the management, function or queue port (it is \(address.port))")
            }
        }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        guard (1...4096).contains(maxRequestBodyMb) else { throw ValidationError("--max-request-body-mb must be between 1 and 4096") }
        guard maxUploadMb >= 1 else { throw ValidationError("--max-upload-mb must be at least 1") }
        guard invocationRetentionDays >= 1 else { throw ValidationError("--invocation-retention-days must be at least 1") }
        guard (tlsCert == nil) == (tlsKey == nil) else {
            throw ValidationError("--tls-cert and --tls-key go together: give both (the certificate chain and its private key, PEM) or neither")
        }
        guard requestHeadTimeout >= 1, connectionIdleTimeout >= 1 else {
            throw ValidationError("--request-head-timeout and --connection-idle-timeout must be at least 1 second")
        }
        guard maxConnections >= 1 else { throw ValidationError("--max-connections must be at least 1") }
        guard maxConcurrentRequests == -1 || maxConcurrentRequests >= 1, maxOutstandingRequests == -1 || maxOutstandingRequests >= 1 else {
            throw ValidationError("--max-concurrent-requests and --max-outstanding-requests must be at least 1, or -1 for unbounded")
        }
        do {
            _ = try QueueLeaseOption.parse(queueLease)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() async throws {
        try await run(roles: .all)
    }

    /// Runs the given roles with these options (``Server`` assembles them).
    func run(roles: ServerRoles) async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = Logger.Level(rawValue: logLevel) ?? .info
            return handler
        }
        CommandLineSecretWarning.check(store: store)
        let server = Server(configuration: serverConfiguration(roles: roles), logger: Logger(label: "hearth")) { Console.say($0) }
        try await server.run()
    }

    /// The options as the server's configuration.
    func serverConfiguration(roles: ServerRoles) -> ServerConfiguration {
        var configuration = ServerConfiguration(dataDirectory: URL(fileURLWithPath: dataDir))
        configuration.roles = roles
        configuration.store = store
        configuration.migrate = migrate
        configuration.bind = bind
        configuration.managementPort = managementPort
        configuration.httpPort = httpPort
        configuration.queuePort = queuePort
        configuration.metricsBind = metricsBind.flatMap { try? MetricsAddress(parsing: $0) }
        configuration.baseDomain = baseDomain
        configuration.publicURL = publicURL
        configuration.scmURL = scmUrl
        configuration.portalURL = portalUrl
        configuration.trustedProxies = trustedProxies
        configuration.invocationRetention = .seconds(invocationRetentionDays * 86_400)
        configuration.maxUploadBytes = maxUploadMb << 20
        configuration.isolation = !noIsolation
        configuration.sharedNetwork = sharedNetwork
        configuration.pythonRuntime = pythonRuntime.map { URL(fileURLWithPath: $0) }
        configuration.pythonPool = pythonPool
        configuration.idleTimeout = idleTimeout > 0 ? .seconds(idleTimeout) : nil
        configuration.workerStartTimeout = .seconds(workerStartTimeout)
        configuration.maxRequestBodyBytes = maxRequestBodyMb << 20
        configuration.fastPath = !noFastPath
        configuration.tls = tlsCert.map { TLSFiles(certificate: $0, key: tlsKey ?? "") }
        configuration.requestHeadTimeout = .seconds(requestHeadTimeout)
        configuration.connectionIdleTimeout = .seconds(connectionIdleTimeout)
        configuration.maxConnections = maxConnections
        configuration.maxConcurrentRequests = maxConcurrentRequests
        configuration.maxOutstandingRequests = maxOutstandingRequests
        configuration.queueLease = (try? QueueLeaseOption.parse(queueLease)) ?? QueueLeaseOption.defaultLease
        fleet.apply(to: &configuration)
        return configuration
    }
}
