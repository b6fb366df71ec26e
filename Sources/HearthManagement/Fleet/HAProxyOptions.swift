/// How ``HAProxyConfiguration`` writes a configuration: where HAProxy listens, where the map files
/// and the runtime API socket are, the routes Hearth's workers answer and the time limits.
///
/// ```swift
/// var options = HAProxyOptions()
/// options.bind = "*:80"
/// options.mapDirectory = "/etc/haproxy/hearth"
/// ```
package struct HAProxyOptions: Sendable, Hashable {
    /// The frontend's `bind` argument, e.g. `*:80` or `10.0.0.2:8080`. Default `*:80`.
    package var bind = "*:80"
    /// The directory that holds `hosts.map` and `apps.map` on the load balancer; the configuration
    /// and the runtime API commands name the maps by these paths. Default `/etc/haproxy/hearth`.
    package var mapDirectory = "/etc/haproxy/hearth"
    /// The runtime API socket (`stats socket … level admin`). Default `/run/haproxy/hearth.sock`.
    package var runtimeSocket = "/run/haproxy/hearth.sock"
    /// The first path segment of the path form `/{pathPrefix}/{app}/…`. Default `_app`.
    package var pathPrefix = "_app"
    /// The route every worker answers with 200 while it serves. Default `/_hearth/health`.
    package var healthCheckPath = "/_hearth/health"
    /// The time limits, in HAProxy's time format (`5s`, `500ms`).
    package var timeouts = Timeouts()

    package init() {}

    /// HAProxy's `timeout` settings and the health check interval.
    package struct Timeouts: Sendable, Hashable {
        /// Connecting to a worker. Default `5s`.
        package var connect = "5s"
        /// A client's inactivity. Default `60s`.
        package var client = "60s"
        /// A worker's inactivity, which bounds a function's run as callers see it: Azure's front
        /// end allows 230 s. Default `240s`.
        package var server = "240s"
        /// A complete request head from a client. Default `10s`.
        package var httpRequest = "10s"
        /// An idle kept-alive client connection. Default `10s`.
        package var httpKeepAlive = "10s"
        /// Between two health checks of a worker. Default `2s`.
        package var checkInterval = "2s"

        package init() {}
    }

    /// `{mapDirectory}/hosts.map`: host name → backend.
    package var hostsMapPath: String { mapDirectory + "/hosts.map" }
    /// `{mapDirectory}/apps.map`: app name (path form) → backend.
    package var appsMapPath: String { mapDirectory + "/apps.map" }
}
