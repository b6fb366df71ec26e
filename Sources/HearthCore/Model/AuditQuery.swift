public import Foundation

/// Which audit events to read: every filter that is set must match.
public struct AuditQuery: Sendable, Hashable {
    /// Only events of this tenant (what a tenant owner sees).
    public var tenantID: UUID?
    /// Only events of the actor with this id (a user or a token).
    public var actorID: UUID?
    /// Only events at or after this time.
    public var since: Date?
    /// Only events before this time.
    public var until: Date?
    /// At most this many events, the newest.
    public var limit: Int

    public init(tenantID: UUID? = nil, actorID: UUID? = nil, since: Date? = nil, until: Date? = nil, limit: Int = 100) {
        self.tenantID = tenantID
        self.actorID = actorID
        self.since = since
        self.until = until
        self.limit = limit
    }
}
