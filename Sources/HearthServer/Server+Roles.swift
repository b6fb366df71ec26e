import Foundation
import HearthListeners
import HearthManagement
import HearthPortal
import HearthRuntimes
import HearthStore
import HearthSystem
import HearthWorker
import Logging

/// The roles' own configurations, made from the ``ServerConfiguration``.
extension Server {
    /// One listener's time limits, connection cap and TLS.
    func listener(_ name: String, tls: TLSCertificateReloader?) -> ListenerConfiguration {
        ListenerConfiguration(
            name: name,
            requestHeadTimeout: configuration.requestHeadTimeout,
            idleTimeout: configuration.connectionIdleTimeout,
            maxConnections: configuration.maxConnections,
            tls: tls
        )
    }

    func managementConfiguration(scheme: String, host: String, warnings: [String], python: PythonRuntime) -> ManagementConfiguration {
        var management = ManagementConfiguration()
        management.baseDomain = configuration.baseDomain
        management.workerPublicURL = configuration.publicURL ?? "\(scheme)://\(host):\(configuration.httpPort)"
        management.scheme = scheme
        management.dataDirectory = configuration.dataDirectory.standardizedFileURL
        management.securityWarnings = warnings
        management.maxUploadBytes = configuration.maxUploadBytes
        management.scmURL = configuration.scmURL
        management.invocationRetention = configuration.invocationRetention
        management.queuePurgeInterval = configuration.queuePurgeInterval
        management.pythonRuntime = python
        management.reservedHostNames = [configuration.bind, host, MachineName.current]
        management.workerDownAfter = configuration.workerDownAfter
        return management
    }

    /// The portal, signing people in with sessions in the store; warns when its host shares a site
    /// with the apps' base domain.
    func makePortal(store: any Store, api: ManagementAPI, cipher: SecretCipher, tls: Bool, host: String) throws -> Portal {
        let portalHost = configuration.portalURL.flatMap { URL(string: $0)?.host } ?? host
        if configuration.roles.contains(.management),
            let warning = SiteCheck.warning(portalHost: portalHost, baseDomain: configuration.baseDomain)
        {
            say("WARNING: \(warning); set the portal's public URL with --portal-url")
        }
        let signIn = PortalSignIn(
            store: store,
            csrfKey: cipher.derivedKey(purpose: "portal csrf"),
            portalURL: configuration.portalURL,
            isHTTPS: tls
        )
        return try Portal(store: store, configuration: api.configuration, signIn: signIn, maxBody: configuration.maxUploadBytes + (1 << 20))
    }

    func workerConfiguration(dataDirectory: URL, python: PythonRuntime, tls: TLSCertificateReloader?) throws -> WorkerConfiguration {
        var worker = WorkerConfiguration(dataDirectory: dataDirectory.appendingPathComponent("worker"))
        worker.host = configuration.bind
        worker.port = configuration.httpPort
        worker.baseDomain = configuration.baseDomain
        worker.trustedProxies = configuration.trustedProxies
        worker.pythonRuntimeDirectory = python.directory
        worker.pythonPoolSize = max(0, configuration.pythonPool)
        worker.handlerStartTimeout = max(.seconds(1), configuration.workerStartTimeout)
        worker.idleTimeout = configuration.idleTimeout.flatMap { $0 > .zero ? $0 : nil }
        worker.fastPath = configuration.fastPath
        worker.maxRequestBodyBytes = configuration.maxRequestBodyBytes
        worker.listener = listener("function host", tls: tls)
        worker.maxConcurrentRequests = configuration.maxConcurrentRequests
        worker.maxOutstandingRequests = configuration.maxOutstandingRequests
        worker.queueLease = configuration.queueLease
        if configuration.isolation { worker.sandbox.isolateNetwork = !configuration.sharedNetwork }
        if let name = configuration.workerName { worker.fleet.name = name }
        worker.fleet.advertiseURL = configuration.advertiseURL
        if let capacity = configuration.capacityMB { worker.fleet.capacityMB = capacity }
        worker.fleet.labels = configuration.workerLabels
        try worker.fleet.setAvailability(configuration.availability)
        worker.fleet.joinToken = configuration.joinToken
        worker.fleet.heartbeatInterval = configuration.heartbeatInterval
        worker.fleet.drainTimeout = configuration.drainTimeout
        worker.fleet.drainLinger = configuration.drainLinger
        return worker
    }

    /// The sandbox, or none with ``ServerConfiguration/isolation`` off; says why apps will not run
    /// when the sandbox is unavailable, and warns of what runs unisolated.
    func makeLauncher(sandbox configuration: SandboxConfiguration, metrics: WorkerMetrics) -> any ProcessLauncher {
        guard self.configuration.isolation else {
            say("WARNING: --no-isolation: apps run without a sandbox or limits, as this user, and can read Hearth's data and other apps")
            return DirectProcessLauncher()
        }
        let sandbox = BubblewrapLauncher(configuration: configuration, metrics: metrics)
        if let reason = sandbox.unavailableReason {
            say("ERROR: apps will not run: \(reason)")
        } else {
            logger.info(
                "apps run sandboxed",
                metadata: ["cgroups": "\(sandbox.cgroupDescription ?? "")", "network": "\(sandbox.networkDescription ?? "")"]
            )
            if self.configuration.sharedNetwork {
                say("WARNING: --shared-network: apps share the host's network and can reach each other's handlers and Hearth's ports")
            }
        }
        return sandbox
    }
}
