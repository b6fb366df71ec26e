import Foundation
import HearthCore
import HearthStore

/// What an API token may do now. A token a person made for themselves in the portal
/// (``APIToken/ownerUserID`` set) never does more than its owner may do today: it stops working when
/// the owner is deleted or disabled, an admin token needs an owner who is still an admin, and a tenant
/// token needs the owner's membership in that tenant and gets the lower of the two roles. Tokens made
/// by an admin or the CLI have no owner and keep the role they were given.
enum TokenRights {
    /// The caller for `token`, or `nil` when its owner no longer has the rights it needs.
    static func principal(for token: APIToken, store: any ManagementStore) async throws -> Principal? {
        guard let ownerID = token.ownerUserID else { return Principal(token: token) }
        guard let owner = try await store.user(id: ownerID), !owner.isDisabled else { return nil }
        if token.role == .admin { return owner.isAdmin ? Principal(token: token) : nil }
        guard let tenantID = token.tenantID else { return nil }
        if owner.isAdmin { return Principal(token: token) }
        guard let membership = try await store.memberships(userID: ownerID).first(where: { $0.tenantID == tenantID }) else { return nil }
        var limited = token
        limited.role = lower(token.role, membership.role)
        return Principal(token: limited)
    }

    /// The lower of two tenant roles (reader < contributor < owner < admin).
    static func lower(_ a: APIToken.Role, _ b: APIToken.Role) -> APIToken.Role {
        let order: [APIToken.Role] = [.reader, .contributor, .owner, .admin]
        let rank = { (role: APIToken.Role) in order.firstIndex(of: role) ?? 0 }
        return rank(a) <= rank(b) ? a : b
    }
}
