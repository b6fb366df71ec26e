import Foundation
import HearthManagement
public import Hummingbird
import NIOCore

/// The request context of the portal: Hummingbird's core context, the signed-in person and the
/// form a state-changing request sent (read once by ``PortalCSRFMiddleware``).
public struct PortalRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The signed-in person; set by ``PortalAuthMiddleware`` before any page runs.
    public var identity: PortalIdentity?
    /// The urlencoded form fields of a POST (empty for other bodies).
    var form: PortalForm = PortalForm()
    /// The raw body of a POST that is not a urlencoded form (a zip upload).
    var rawBody: ByteBuffer?
    /// The file of a `multipart/form-data` POST (the upload form's zip).
    var upload: Data?
    /// The client's address (the connection's peer), for the sign-in throttle and the audit log.
    public var remoteAddress: String?

    /// Creates a context for a request.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.identity = nil
        self.remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The signed-in person; pages run behind ``PortalAuthMiddleware`` so this only fails when a
    /// page was mounted outside it.
    func requireIdentity() throws -> PortalIdentity {
        guard let identity else { throw ManagementError(.unauthorized, "sign in to use the portal") }
        return identity
    }
}
