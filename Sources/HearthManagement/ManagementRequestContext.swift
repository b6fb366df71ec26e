public import Hummingbird
import Logging
import NIOCore

/// The request context of the management API: Hummingbird's core context plus the caller the
/// token middleware authenticated.
public struct ManagementRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The authenticated caller; `nil` before the token middleware ran (and on `/api/health`).
    public var principal: Principal?
    /// The app and caller of a Kudu endpoint request, set by ``KuduAuthMiddleware``.
    var kuduCaller: KuduCaller?
    /// Where ``AuditCallerCapture`` tells ``AuditMiddleware`` who called (state-changing requests only).
    var auditCaller: AuditCallerSlot?
    /// The client's IP address, for the audit log.
    public var remoteAddress: String?

    /// Creates a context for a request.
    /// - Parameter source: The channel and logger of the request.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.principal = nil
        self.kuduCaller = nil
        self.auditCaller = nil
        self.remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The authenticated caller. Routes behind the token middleware always have one.
    func requirePrincipal() throws -> Principal {
        guard let principal else {
            throw ManagementError(.unauthorized, "this call needs an API token: send 'Authorization: Bearer <token>'")
        }
        return principal
    }
}
