import Foundation
import HearthCore
import HearthManagement
import HearthStore

@testable import HearthPortal

extension PortalTestInstance {
    /// A local user, a member of `tenant` with `role` when both are given.
    @discardableResult
    func user(_ login: String, isAdmin: Bool = false, tenant: String? = nil, role: APIToken.Role? = nil) async throws -> User {
        let user = User(subject: login, displayName: login.capitalized, isAdmin: isAdmin)
        try await store.createUser(user)
        if let tenant, let role {
            try await store.setMembership(TenantMembership(userID: user.id, tenantID: try await self.tenant(tenant).id, role: role))
        }
        return user
    }

    /// The roles of `tenant`'s members by login.
    func roles(in tenant: String) async throws -> [String: APIToken.Role] {
        let users = Dictionary(uniqueKeysWithValues: try await store.users().map { ($0.id, $0.subject) })
        let members = try await store.members(tenantID: try await self.tenant(tenant).id)
        return Dictionary(uniqueKeysWithValues: members.map { (users[$0.userID] ?? "?", $0.role) })
    }
}
