/// What a load balancer in front of the fleet needs to know: the workers it may send requests to
/// and, per app, the host names that reach it and the workers it is placed on.
///
/// It is the input of ``HAProxyConfiguration`` and the body of `GET /api/lb/haproxy`, and it is a
/// value of its own (not the store's worker or placement records), so the generator is tested
/// without a store and whatever records the fleet keeps can be mapped to it.
///
/// ```swift
/// let fleet = LoadBalancerFleet(
///     workers: [.init(name: "w1", address: "10.0.0.5:7071", state: .ready)],
///     apps: [.init(name: "orders", hostNames: ["orders.fn.example.local"], workers: ["w1"])]
/// )
/// ```
package struct LoadBalancerFleet: Sendable, Hashable, Codable {
    /// Every worker known to the fleet, whatever its state.
    package var workers: [Worker]
    /// Every app, with its host names and placement.
    package var apps: [App]

    package init(workers: [Worker], apps: [App]) {
        self.workers = workers
        self.apps = apps
    }

    /// A worker machine as load balancers reach it.
    package struct Worker: Sendable, Hashable, Codable {
        /// The worker's name in the fleet (unique).
        package var name: String
        /// `host:port` of the worker's function listener (from its advertised URL), e.g. `10.0.0.5:7071`.
        package var address: String
        /// Whether it takes new requests.
        package var state: State

        package init(name: String, address: String, state: State) {
            self.name = name
            self.address = address
            self.state = state
        }

        /// A worker's state as the fleet reports it. A struct over a string, not an enum, so states
        /// added later decode (and count as not ready).
        package struct State: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
            package var rawValue: String
            package init(rawValue: String) { self.rawValue = rawValue }

            /// Takes new requests.
            package static let ready = State(rawValue: "ready")
            /// Finishes what it has and takes nothing new.
            package static let draining = State(rawValue: "draining")
            /// Outside its availability window: drained like a draining worker.
            package static let outsideHours = State(rawValue: "outside hours")
            /// Not heard from: out of rotation until it comes back.
            package static let down = State(rawValue: "down")
            /// Removed from the fleet for good: left out of the configuration.
            package static let revoked = State(rawValue: "revoked")

            package var description: String { rawValue }

            package init(from decoder: any Decoder) throws {
                rawValue = try decoder.singleValueContainer().decode(String.self)
            }

            package func encode(to encoder: any Encoder) throws {
                var container = encoder.singleValueContainer()
                try container.encode(rawValue)
            }
        }
    }

    /// An app as load balancers route to it.
    package struct App: Sendable, Hashable, Codable {
        /// The app's name (a DNS label); the path form `/_app/{name}/…` reaches it.
        package var name: String
        /// Every host name that reaches it: `{name}.{baseDomain}` and its custom host names, lower-cased.
        package var hostNames: [String]
        /// The names of the workers it is placed on.
        package var workers: [String]

        package init(name: String, hostNames: [String], workers: [String]) {
            self.name = name
            self.hostNames = hostNames
            self.workers = workers
        }
    }
}
