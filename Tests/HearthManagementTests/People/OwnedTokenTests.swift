import Foundation
import HTTPTypes
import HearthCore
import HearthStore
import Testing

@testable import HearthManagement

/// A token a person made for themselves never does more than the person may do now: disabling the
/// person, taking away admin, removing them from the tenant or lowering their role limits the token at
/// once, on the API and on Kudu.
@Suite struct OwnedTokenTests {
    /// A user with a token of `role` in `tenant` (or an admin token), made as the portal's account page makes them.
    func ownedToken(_ instance: TestInstance, user: User, role: APIToken.Role, tenant: Tenant?) async throws -> String {
        let secret = APITokenSecret.generate()
        try await instance.store.createToken(
            APIToken(name: "mine", role: role, tenantID: tenant?.id, ownerUserID: user.id),
            secretHash: APITokenSecret.hash(secret)
        )
        return secret
    }

    @Test func aTenantTokenFollowsItsOwnersMembership() async throws {
        let instance = try await TestInstance()
        let app = try await instance.seedApp()
        let tenant = try #require(try await instance.store.tenant(id: app.tenantID))
        let user = User(subject: "dana", displayName: "Dana", isAdmin: false)
        try await instance.store.createUser(user)
        try await instance.store.setMembership(TenantMembership(userID: user.id, tenantID: tenant.id, role: .owner))
        let token = try await ownedToken(instance, user: user, role: .owner, tenant: tenant)
        try await instance.test { client in
            #expect(try await client.call(.put, "/api/apps/orders/settings/A", token: token, json: #"{"value": "1"}"#).status == .created)

            // Lowered to reader: the owner token reads but no longer changes anything.
            try await instance.store.setMembership(TenantMembership(userID: user.id, tenantID: tenant.id, role: .reader))
            #expect(try await client.call(.get, "/api/apps/orders", token: token).status == .ok)
            let refused = try await client.call(.put, "/api/apps/orders/settings/B", token: token, json: #"{"value": "2"}"#)
            #expect(refused.status == .forbidden)

            // Removed from the tenant: the token stops working.
            #expect(try await instance.store.removeMembership(userID: user.id, tenantID: tenant.id))
            #expect(try await client.call(.get, "/api/apps/orders", token: token).status == .unauthorized)
            #expect(try await client.call(.get, "/scm/orders/api/deployments", token: token).status == .unauthorized)
        }
        #expect(try await instance.store.settingValues(appID: app.id)["B"] == nil)
    }

    @Test func anAdminTokenNeedsAnOwnerWhoIsStillAnEnabledAdmin() async throws {
        let instance = try await TestInstance()
        try await instance.seedApp()
        let user = User(subject: "root", displayName: "Root", isAdmin: true)
        try await instance.store.createUser(user)
        let token = try await ownedToken(instance, user: user, role: .admin, tenant: nil)
        var demoted = user
        demoted.isAdmin = false
        var disabled = user
        disabled.isDisabled = true
        try await instance.test { [demoted, disabled] client in
            #expect(try await client.call(.get, "/api/tenants", token: token).status == .ok)
            try await instance.store.updateUser(demoted)
            #expect(try await client.call(.get, "/api/tenants", token: token).status == .unauthorized)
            try await instance.store.updateUser(disabled)
            #expect(try await client.call(.get, "/api/tenants", token: token).status == .unauthorized)
        }
    }

    @Test func tokensWithoutAnOwnerKeepTheirRoleAndRolesCompareInOrder() async throws {
        let token = APIToken(name: "ci", role: .contributor, tenantID: UUID())
        let instance = try await TestInstance()
        #expect(try await TokenRights.principal(for: token, store: instance.store)?.role == .contributor)
        #expect(TokenRights.lower(.owner, .reader) == .reader)
        #expect(TokenRights.lower(.contributor, .owner) == .contributor)
        #expect(TokenRights.lower(.admin, .owner) == .owner)
    }
}
