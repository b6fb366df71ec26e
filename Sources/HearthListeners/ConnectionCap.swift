public import HummingbirdCore
public import Logging

/// At most `limit` connections at once on one listener; further ones wait in the listen backlog
/// (Hummingbird stops accepting) until one closes. Reaching the limit is logged once, and again
/// only after the open connections fell to half of it (no line per refused client).
public struct ConnectionCap: AvailableConnectionsDelegate {
    private let limit: Int
    private let listener: String
    private let logger: Logger
    private var open = 0
    private var warned = false

    /// - Parameters:
    ///   - limit: Connections served at once (at least 1).
    ///   - listener: The listener's name in the log line.
    public init(limit: Int, listener: String, logger: Logger) {
        precondition(limit >= 1, "a connection cap must allow at least one connection")
        self.limit = limit
        self.listener = listener
        self.logger = logger
    }

    public mutating func connectionOpened() {
        open += 1
        if open >= limit, !warned {
            warned = true
            logger.warning(
                "\(listener): connection limit reached (\(limit) open); new connections wait until one closes. Raise it with --max-connections if the machine allows"
            )
        }
    }

    public mutating func connectionClosed() {
        open -= 1
        if open <= limit / 2 { warned = false }
    }

    public func isAcceptingNewConnections() -> Bool { open < limit }
}
