import Foundation
import HearthCore
import Synchronization

/// Where the authentication middleware behind ``AuditMiddleware`` leaves the caller it found, so
/// the audit middleware in front of it (which sees only its own copy of the request context) can
/// name who made a request, also one a route refused.
final class AuditCallerSlot: Sendable {
    private struct State {
        var actor: AuditEvent.Actor?
        var tenantID: UUID?
        var target: String?
    }

    private let state = Mutex(State())

    /// Who made the request, once authenticated.
    var actor: AuditEvent.Actor? {
        get { state.withLock { $0.actor } }
        set { state.withLock { $0.actor = newValue } }
    }

    /// The tenant the caller is limited to (a tenant token, the Kudu app's tenant).
    var tenantID: UUID? {
        get { state.withLock { $0.tenantID } }
        set { state.withLock { $0.tenantID = newValue } }
    }

    /// What the request acted on when the route's path does not name it: a route that creates a
    /// tenant or an app from its body leaves the (validated) name here.
    var target: String? {
        get { state.withLock { $0.target } }
        set { state.withLock { $0.target = newValue } }
    }
}
