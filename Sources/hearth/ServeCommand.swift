import ArgumentParser
import Foundation
import HearthListeners
import HearthManagement
import HearthRuntimes
import HearthStore
import HearthWorker
import Hummingbird
import Logging
import ServiceLifecycle
import UnixSignals

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

    @Option(help: "Apps are served at {app}.{base-domain}.")
    var baseDomain: String = "localhost"

    @Option(help: "The function host's URL as callers see it (for function URLs); default http://{bind}:{http-port}.")
    var publicURL: String?

    @Option(help: "The Kudu deploy endpoint publish profiles name, {app} standing for the app: https://{app}.scm.example.com or http://host:7070/scm/{app} (default: the path form on the address the caller used).")
    var scmUrl: String?

    @Option(name: .customLong("trusted-proxy"), help: "An address or CIDR range whose X-Forwarded-* headers are trusted (repeatable).")
    var trustedProxies: [String] = []

    @Option(help: "Days the invocation log is kept.")
    var invocationRetentionDays: Int = 7

    @Option(help: "Largest deployment upload accepted, in MiB.")
    var maxUploadMb: Int = 100

    @Flag(help: "Run apps WITHOUT the sandbox (bubblewrap namespaces and cgroup limits): their code can read Hearth's data and other apps. Only for hosts without bubblewrap or cgroups.")
    var noIsolation = false

    @Flag(help: "Let sandboxed apps share the host's network instead of a network namespace each: their code can then reach other apps' handlers and Hearth's ports on 127.0.0.1. For hosts where Hearth cannot run as root.")
    var sharedNetwork = false

    @Option(help: "The Python worker's environment (default: <data-dir>/runtimes/python, made by 'hearth runtimes install python').")
    var pythonRuntime: String?

    @Option(help: "Python workers kept pre-started for the first request of Python apps (0 = none).")
    var pythonPool: Int = 1

    @Option(help: "Seconds without invocations after which an app's worker process stops (0 = never); apps override it with HEARTH_IDLE_TIMEOUT_SECONDS.")
    var idleTimeout: Int = 1200

    @Option(help: "Seconds an app's worker process may take to start (listen, or connect back and load its functions).")
    var workerStartTimeout: Int = 30

    @Option(help: "The largest function request body accepted, in MiB (larger ones get 413; the Azure Functions limit is 100).")
    var maxRequestBodyMb: Int = 100

    @Flag(help: "Serve every function request on the general path, also those for running custom handlers that the fast path answers on the connection's own thread (for comparison and diagnosis).")
    var noFastPath = false

    @Option(help: ArgumentHelp("Serve HTTPS on every listener with this PEM certificate chain (with --tls-key); reloaded when it changes.", valueName: "file"))
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

    @Option(help: "Requests of one app running or waiting at once, unless its host.json sets extensions.http.maxOutstandingRequests (-1 = unbounded); more get 429.")
    var maxOutstandingRequests: Int = 200

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func validate() throws {
        guard (0...65535).contains(managementPort), (0...65535).contains(httpPort) else {
            throw ValidationError("ports must be between 0 and 65535")
        }
        guard managementPort != httpPort || managementPort == 0 else {
            throw ValidationError("--management-port and --http-port must differ (both are \(httpPort))")
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
    }

    /// Which parts of Hearth a process runs: `serve` both, `management` and `worker` one each.
    struct Roles: OptionSet, Sendable {
        let rawValue: Int
        static let management = Roles(rawValue: 1)
        static let worker = Roles(rawValue: 2)
        static let all: Roles = [.management, .worker]
    }

    func run() async throws {
        try await run(roles: .all)
    }

    func run(roles: Roles) async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = Logger.Level(rawValue: logLevel) ?? .info
            return handler
        }
        let logger = Logger(label: "hearth")
        let tls = try tlsCert.map { try TLSCertificateReloader(files: TLSFiles(certificate: $0, key: tlsKey ?? "")) }
        let scheme = tls == nil ? "http" : "https"
        func listener(_ name: String) -> ListenerConfiguration {
            ListenerConfiguration(
                name: name, requestHeadTimeout: .seconds(requestHeadTimeout), idleTimeout: .seconds(connectionIdleTimeout),
                maxConnections: maxConnections, tls: tls)
        }
        var plainHTTPWarnings: [String] = []
        if roles.contains(.management) {
            plainHTTPWarnings += [PlainHTTPWarning.message(listener: "management API", host: bind, port: managementPort, tls: tls != nil)].compactMap { $0 }
        }
        if roles.contains(.worker) {
            plainHTTPWarnings += [PlainHTTPWarning.message(listener: "function host", host: bind, port: httpPort, tls: tls != nil)].compactMap { $0 }
        }
        for warning in plainHTTPWarnings { Console.say("WARNING: \(warning)") }
        let listeners = (roles.contains(.management) ? 1 : 0) + (roles.contains(.worker) ? 1 : 0)
        if let fileLimit = OpenFileLimit.raise(), let warning = OpenFileLimit.warning(limit: fileLimit, listeners: listeners, maxConnections: maxConnections) {
            Console.say("WARNING: \(warning)")
        }
        let dataDirectory = URL(fileURLWithPath: dataDir).standardizedFileURL
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try PrivateFiles.restrict(dataDirectory)  // data directories made by older versions were 0755

        let key = try MasterKey.load(dataDirectory: dataDirectory)
        logger.info(
            "master key", metadata: [
                "source": "\(key.source)", "created": "\(key.created)", "primary": "\(key.cipher.primaryKeyID)",
                "keys": "\(key.cipher.keyIDs.map(\.description).joined(separator: ","))",
            ])
        CommandLineSecretWarning.check(store: self.store)
        let store = try await StoreFactory.open(
            connectionString: self.store ?? ProcessInfo.processInfo.environment["HEARTH_STORE"], dataDirectory: dataDirectory,
            cipher: key.cipher, migrate: migrate, logger: logger)
        if roles.contains(.management), let token = try await AdminBootstrap.ensureAdminToken(store: store) {
            Console.say("Admin token (shown once, store it now): \(token)")
            Console.say("  export HEARTH_TOKEN=\(token)")
        }

        let host = bind == "0.0.0.0" ? "127.0.0.1" : bind
        var management = ManagementConfiguration()
        management.baseDomain = baseDomain
        management.workerPublicURL = publicURL ?? "\(scheme)://\(host):\(httpPort)"
        management.scheme = scheme
        management.securityWarnings = plainHTTPWarnings
        management.maxUploadBytes = maxUploadMb << 20
        management.scmURL = scmUrl
        management.invocationRetention = .seconds(invocationRetentionDays * 86_400)
        let python = PythonRuntime(
            directory: pythonRuntime.map { URL(fileURLWithPath: $0).standardizedFileURL } ?? PythonRuntime.defaultDirectory(dataDirectory: dataDirectory))
        management.pythonRuntime = python
        management.reservedHostNames = [bind, host, ProcessInfo.processInfo.hostName]
        let api = ManagementAPI(store: store, configuration: management, logger: logger)
        if roles.contains(.management) {
            for line in try await api.disableInvalidHostNames() { Console.say("WARNING: \(line)") }
        }
        let managementApp = api.makeApplication(
            configuration: ApplicationConfiguration(address: .hostname(bind, port: managementPort), serverName: "Hearth"), listener: listener("management API"))

        var workerConfiguration = WorkerConfiguration(dataDirectory: dataDirectory.appendingPathComponent("worker"))
        workerConfiguration.host = bind
        workerConfiguration.port = httpPort
        workerConfiguration.baseDomain = baseDomain
        workerConfiguration.trustedProxies = trustedProxies
        workerConfiguration.pythonRuntimeDirectory = python.directory
        workerConfiguration.pythonPoolSize = max(0, pythonPool)
        workerConfiguration.handlerStartTimeout = .seconds(max(1, workerStartTimeout))
        workerConfiguration.idleTimeout = idleTimeout > 0 ? .seconds(idleTimeout) : nil
        workerConfiguration.fastPath = !noFastPath
        workerConfiguration.maxRequestBodyBytes = maxRequestBodyMb << 20
        workerConfiguration.listener = listener("function host")
        workerConfiguration.maxConcurrentRequests = maxConcurrentRequests
        workerConfiguration.maxOutstandingRequests = maxOutstandingRequests
        let launcher: any ProcessLauncher
        if noIsolation {
            launcher = DirectProcessLauncher()
            Console.say("WARNING: --no-isolation: apps run without a sandbox or limits, as this user, and can read Hearth's data and other apps")
        } else {
            workerConfiguration.sandbox.isolateNetwork = !sharedNetwork
            let sandbox = BubblewrapLauncher(configuration: workerConfiguration.sandbox)
            if let reason = sandbox.unavailableReason {
                Console.say("ERROR: apps will not run: \(reason)")
            } else {
                logger.info("apps run sandboxed", metadata: ["cgroups": "\(sandbox.cgroupDescription ?? "")", "network": "\(sandbox.networkDescription ?? "")"])
                if sharedNetwork { Console.say("WARNING: --shared-network: apps share the host's network and can reach each other's handlers and Hearth's ports") }
            }
            launcher = sandbox
        }
        let worker = WorkerRole(store: store, configuration: workerConfiguration, launcher: launcher, logger: logger) { port in
            Console.say("Function host listening on \(scheme)://\(host):\(port) (apps at \(scheme)://{app}.\(baseDomain):\(port)/api/…)")
        }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if roles.contains(.management) {
            Console.say("Management API on \(scheme)://\(host):\(managementPort)")
            services += [.init(service: managementApp), .init(service: api.retentionService())]
        }
        if roles.contains(.worker) { services.append(.init(service: worker)) }

        var groupConfiguration = ServiceGroupConfiguration(
            services: services,
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        // A stop never hangs: 10 s to finish gracefully, then cancellation, then 5 s more at most.
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(10)
        groupConfiguration.maximumCancellationDuration = .seconds(5)
        let group = ServiceGroup(configuration: groupConfiguration)
        try await group.run()
    }
}
