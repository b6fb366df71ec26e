public import Foundation

/// Instance-wide settings an admin changes in the portal.
///
/// Stored as name/value rows, so a later setting adds a row, not a column; a name the binary does
/// not know is kept and ignored.
public struct InstanceSettings: Sendable, Hashable, Codable {
    /// Every local account must use a TOTP second factor.
    public var requireSecondFactor: Bool
    /// Tenants whose members must use a TOTP second factor.
    public var tenantsRequiringSecondFactor: Set<UUID>
    /// Audit events older than this many days are purged; `nil` keeps them forever.
    public var auditRetentionDays: Int?
    /// The portal's public URL (its custom DNS name), or `nil` for the address it is reached at.
    public var portalURL: String?
    /// The function host's public URL, as publish profiles and the portal show it.
    public var functionHostURL: String?
    /// The Kudu endpoint's public URL, as publish profiles use it.
    public var kuduURL: String?

    public init(
        requireSecondFactor: Bool = false,
        tenantsRequiringSecondFactor: Set<UUID> = [],
        auditRetentionDays: Int? = nil,
        portalURL: String? = nil,
        functionHostURL: String? = nil,
        kuduURL: String? = nil
    ) {
        self.requireSecondFactor = requireSecondFactor
        self.tenantsRequiringSecondFactor = tenantsRequiringSecondFactor
        self.auditRetentionDays = auditRetentionDays
        self.portalURL = portalURL
        self.functionHostURL = functionHostURL
        self.kuduURL = kuduURL
    }

    /// Whether a member of `tenantID` (or any local user, when the instance requires it) needs a second factor.
    public func requiresSecondFactor(tenantID: UUID?) -> Bool {
        requireSecondFactor || (tenantID.map { tenantsRequiringSecondFactor.contains($0) } ?? false)
    }
}
