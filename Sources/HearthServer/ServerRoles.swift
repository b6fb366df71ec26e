/// Which parts of Hearth a process runs: `hearth serve` both, `hearth management` and
/// `hearth worker` one each.
public struct ServerRoles: OptionSet, Sendable {
    /// The roles as bits.
    public let rawValue: Int

    /// Roles from their bits (``management`` is 1, ``worker`` 2).
    public init(rawValue: Int) {
        self.rawValue = rawValue
    }

    /// The REST API, deployments, the Kudu endpoint and the invocation log's retention.
    public static let management = ServerRoles(rawValue: 1)
    /// The function host: HTTP front, timers, sandboxed apps.
    public static let worker = ServerRoles(rawValue: 2)
    /// Both roles in one process (`hearth serve`).
    public static let all: ServerRoles = [.management, .worker]
}
