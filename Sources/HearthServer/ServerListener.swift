/// One of the server's HTTP listeners, as named to ``Server``'s `onListening` callback.
public struct ServerListener: Hashable, Sendable, CustomStringConvertible {
    /// The listener's name in messages.
    public let description: String

    private init(_ description: String) {
        self.description = description
    }

    /// The management REST API (and the Kudu endpoint).
    public static let management = ServerListener("management API")
    /// The function host (the apps' HTTP triggers).
    public static let worker = ServerListener("function host")
    /// The Azure-Storage-compatible queue endpoint (with the management role, when a queue port is set).
    public static let queue = ServerListener("queue endpoint")
    /// The operators' `/metrics` listener (``ServerConfiguration/metricsBind``).
    public static let metrics = ServerListener("metrics")
}
