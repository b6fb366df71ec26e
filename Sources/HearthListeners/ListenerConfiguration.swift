/// How a Hearth HTTP listener (the management API or the function host) treats its clients: time
/// limits for slow and idle ones, how many connections it serves at once, and TLS.
///
/// ```swift
/// var listener = ListenerConfiguration(name: "function host")
/// listener.requestHeadTimeout = .seconds(10)
/// listener.tls = try TLSCertificateReloader(files: TLSFiles(certificate: "/etc/hearth/cert.pem", key: "/etc/hearth/key.pem"))
/// ```
public struct ListenerConfiguration: Sendable {
    /// The listener's name in log lines ("management API", "function host").
    public var name: String
    /// The longest a request head may take from its first byte; then the connection is closed.
    /// Default 20 s.
    public var requestHeadTimeout: Duration
    /// The longest a connection may wait for its next request (keep-alive) or for more of a request
    /// body; then it is closed. Default 60 s.
    public var idleTimeout: Duration
    /// Connections served at once; further ones wait in the listen backlog until one closes (and are
    /// refused by the system once the backlog is full). Default 4096.
    public var maxConnections: Int
    /// The certificate and key to serve HTTPS with; `nil` = plain HTTP.
    public var tls: TLSCertificateReloader?

    /// Creates a configuration; every limit has a default.
    public init(
        name: String,
        requestHeadTimeout: Duration = .seconds(20),
        idleTimeout: Duration = .seconds(60),
        maxConnections: Int = 4096,
        tls: TLSCertificateReloader? = nil
    ) {
        self.name = name
        self.requestHeadTimeout = requestHeadTimeout
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
        self.tls = tls
    }

    /// `https` with TLS, else `http`.
    public var scheme: String { tls == nil ? "http" : "https" }
}
