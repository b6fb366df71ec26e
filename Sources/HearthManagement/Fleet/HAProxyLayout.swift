/// What an HAProxy process serves for a fleet: its backends with their servers and the two maps
/// that choose a backend. ``HAProxyConfiguration`` renders it as text; ``HAProxyRuntimeUpdate``
/// compares two of them; `hearth lb haproxy --write` saves the one HAProxy runs as JSON.
///
/// - The backend ``HAProxyName/workersBackend`` holds every worker that is not revoked: the default
///   backend (the path form of an app with no ready placement, unknown hosts) and the one set of
///   health checks, which the app backends' servers `track`.
/// - Each app placed on at least one known, not revoked worker has a backend `app_{name}` whose
///   servers are those workers.
/// - The maps send an app's host names (and its name, for the path form) to its backend while one
///   of its workers is ready, else to the workers' backend, whose workers forward the request.
package struct HAProxyLayout: Sendable, Hashable, Codable {
    /// The workers' backend first, then one per app ordered by name.
    package var backends: [Backend]
    /// Host name (lower-case, no port) → backend.
    package var hosts: [String: String]
    /// App name → backend, for `/{pathPrefix}/{app}/…`.
    package var apps: [String: String]

    package init(backends: [Backend], hosts: [String: String], apps: [String: String]) {
        self.backends = backends
        self.hosts = hosts
        self.apps = apps
    }

    /// A backend and its servers, ordered by name.
    package struct Backend: Sendable, Hashable, Codable {
        package var name: String
        package var servers: [Server]
    }

    /// One worker in one backend.
    package struct Server: Sendable, Hashable, Codable {
        /// The HAProxy server name (``HAProxyName/server(worker:)``).
        package var name: String
        /// `host:port`.
        package var address: String
        package var state: State

        /// The runtime API's administrative states (`set server … state …`).
        package enum State: String, Sendable, Hashable, Codable {
            /// Takes new requests.
            case ready
            /// Finishes its connections, takes no new request.
            case drain
            /// Out of rotation.
            case maint
        }
    }

    /// The layout for a fleet (see ``HAProxyLayout``).
    package init(fleet: LoadBalancerFleet) {
        var workers: [String: LoadBalancerFleet.Worker] = [:]
        for worker in fleet.workers where worker.state != .revoked && workers[worker.name] == nil {
            workers[worker.name] = worker
        }
        func server(_ worker: LoadBalancerFleet.Worker) -> Server {
            Server(name: HAProxyName.server(worker: worker.name), address: worker.address, state: Self.state(of: worker.state))
        }
        var backends = [Backend(name: HAProxyName.workersBackend, servers: workers.keys.sorted().compactMap { workers[$0].map(server) })]
        var hosts: [String: String] = [:]
        var apps: [String: String] = [:]
        for app in fleet.apps.sorted(by: { $0.name < $1.name }) where apps[app.name] == nil {
            var placed: [LoadBalancerFleet.Worker] = []
            for name in Set(app.workers).sorted() { if let worker = workers[name] { placed.append(worker) } }
            var target = HAProxyName.workersBackend
            if !placed.isEmpty {
                let name = HAProxyName.backend(app: app.name)
                backends.append(Backend(name: name, servers: placed.map(server)))
                if placed.contains(where: { $0.state == .ready }) { target = name }
            }
            apps[app.name] = target
            for host in app.hostNames where hosts[host.lowercased()] == nil { hosts[host.lowercased()] = target }
        }
        self.init(backends: backends, hosts: hosts, apps: apps)
    }

    /// The server state of a worker state: draining and outside its hours drain; down and any state
    /// this version does not know are out of rotation.
    static func state(of state: LoadBalancerFleet.Worker.State) -> Server.State {
        switch state {
        case .ready: .ready
        case .draining, .outsideHours: .drain
        default: .maint
        }
    }

    /// The backend with this name.
    package func backend(named name: String) -> Backend? {
        backends.first { $0.name == name }
    }
}
