public import HearthCore
public import HearthManagement

/// The signed-in person as the portal's pages see them, set on the request context by
/// ``PortalAuthMiddleware`` from a ``PortalAuthenticator``.
public struct PortalIdentity: Sendable {
    /// What the person may do: role and tenant, with the same rules as an API token (an admin sees
    /// every tenant).
    public var principal: Principal
    /// The name shown in the header.
    public var displayName: String
    /// The tenants the person may switch to.
    public var tenants: [Tenant]
    /// The tenant whose apps the pages show; `nil` for an admin looking at every tenant.
    public var selectedTenant: Tenant?
    /// The token every state-changing form carries in its hidden `csrf` field.
    public var csrfToken: String

    /// Creates an identity.
    public init(principal: Principal, displayName: String, tenants: [Tenant], selectedTenant: Tenant?, csrfToken: String) {
        self.principal = principal
        self.displayName = displayName
        self.tenants = tenants
        self.selectedTenant = selectedTenant
        self.csrfToken = csrfToken
    }
}
