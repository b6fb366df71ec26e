import Foundation
import HearthCore
import HearthManagement

/// The roles a tenant member may have and the rule that a tenant keeps at least one owner.
enum MemberRoles {
    static let all: [APIToken.Role] = [.owner, .contributor, .reader]

    /// The `<option>`s of a role select.
    static func options(selected: APIToken.Role) -> [[String: Any]] {
        all.map { ["name": $0.rawValue, "selected": $0 == selected] }
    }

    /// The role a form names; 400 for anything else (an admin is not a tenant role).
    static func parse(_ value: String?) throws -> APIToken.Role {
        guard let role = all.first(where: { $0.rawValue == value }) else {
            throw ManagementError(.badRequest, "a member's role is owner, contributor or reader, not '\(value ?? "")'")
        }
        return role
    }

    /// Refuses (409) to demote or remove (`role == nil`) the tenant's only owner.
    static func guardLastOwner(_ members: [TenantMembership], changing userID: UUID, to role: APIToken.Role?, tenant: Tenant) throws {
        let owners = members.filter { $0.role == .owner }
        guard role != .owner, owners.count == 1, owners[0].userID == userID else { return }
        throw ManagementError(
            .conflict,
            "this is the last owner of tenant '\(tenant.name)'; make another member an owner first, so the tenant keeps one"
        )
    }
}
