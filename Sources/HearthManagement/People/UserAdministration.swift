package import Foundation
package import HearthCore
package import HearthStore

/// The instance admin's changes to people, as `hearth user …` makes them on the machine: add,
/// remove, reset a password, grant and revoke tenant roles, issue setup links. Each change is
/// appended to the audit log as `actor` (never a secret: links and passwords are not recorded).
package struct UserAdministration: Sendable {
    /// A user with the tenants they belong to.
    package struct Entry: Sendable {
        package var user: User
        /// Tenant name and role, by tenant name.
        package var memberships: [(tenant: String, role: APIToken.Role)]
    }

    let store: any ManagementStore
    let actor: AuditEvent.Actor
    let issuer: SetupLinkIssuer

    package init(store: any ManagementStore, actor: AuditEvent.Actor) {
        self.store = store
        self.actor = actor
        self.issuer = SetupLinkIssuer(store: store)
    }

    /// Creates a local user without a password; returns the user and a setup link token.
    package func add(_ name: String, displayName: String?, isAdmin: Bool) async throws -> (User, String) {
        let login = try Self.loginName(name)
        guard try await store.user(issuer: User.localIssuer, subject: login) == nil else {
            throw ManagementError(.conflict, "a user named '\(login)' exists already; pick another name, or 'hearth user reset-password \(login)'")
        }
        let user = User(subject: login, displayName: displayName ?? login, isAdmin: isAdmin)
        try await store.createUser(user)
        let token = try await issuer.issue(for: user.id)
        await audit("user.create", target: login, detail: isAdmin ? "admin" : nil)
        return (user, token)
    }

    /// Every user with their memberships.
    package func list() async throws -> [Entry] {
        let names = try await store.tenantNames()
        var entries: [Entry] = []
        for user in try await store.users() {
            let memberships = try await store.memberships(userID: user.id).map { (tenant: names[$0.tenantID] ?? "\($0.tenantID)", role: $0.role) }
            entries.append(Entry(user: user, memberships: memberships))
        }
        return entries
    }

    /// Deletes a user with their memberships, sessions, links and tokens.
    package func remove(_ name: String) async throws {
        let user = try await require(name)
        _ = try await store.deleteUser(id: user.id)
        await audit("user.delete", target: user.subject)
    }

    /// Clears the user's password (ending their sessions) and returns a new setup link token.
    package func resetPassword(_ name: String) async throws -> String {
        let user = try await require(name)
        try await store.setPasswordHash(userID: user.id, nil, at: Date())
        let token = try await issuer.issue(for: user.id)
        await audit("user.reset-password", target: user.subject)
        return token
    }

    /// A new setup link for `name`, else for the first admin.
    package func setupLink(for name: String?) async throws -> (User, String) {
        let user: User
        if let name {
            user = try await require(name)
        } else if let admin = try await FirstAdmin.find(store: store) {
            user = admin
        } else {
            throw ManagementError(.notFound, "this instance has no admin user yet; start it once with 'hearth serve', which creates one")
        }
        let token = try await issuer.issue(for: user.id)
        await audit("user.setup-link", target: user.subject)
        return (user, token)
    }

    /// Gives `name` `role` in `tenant` (or changes the role they had there).
    package func grant(_ name: String, tenant tenantName: String, role rawRole: String) async throws {
        let role = APIToken.Role(rawValue: rawRole.lowercased())
        guard role != .admin, APIToken.Role.all.contains(role) else {
            throw ManagementError(
                .badRequest,
                "'\(rawRole)' is not a tenant role; use owner, contributor or reader (admins are users added with --admin)"
            )
        }
        let user = try await require(name)
        let tenant = try await requireTenant(tenantName)
        try await store.setMembership(TenantMembership(userID: user.id, tenantID: tenant.id, role: role))
        await audit("member.grant", target: user.subject, tenantID: tenant.id, detail: "\(role)")
    }

    /// Takes `name` out of `tenant`.
    package func revoke(_ name: String, tenant tenantName: String) async throws {
        let user = try await require(name)
        let tenant = try await requireTenant(tenantName)
        guard try await store.removeMembership(userID: user.id, tenantID: tenant.id) else {
            throw ManagementError(.notFound, "'\(user.subject)' is not a member of tenant '\(tenant.name)'; see 'hearth user list'")
        }
        await audit("member.revoke", target: user.subject, tenantID: tenant.id)
    }

    func require(_ name: String) async throws -> User {
        let login = name.lowercased()
        guard let user = try await store.user(issuer: User.localIssuer, subject: login) else {
            throw ManagementError(.notFound, "there is no user named '\(name)'; list users with 'hearth user list'")
        }
        return user
    }

    func requireTenant(_ name: String) async throws -> Tenant {
        guard let tenant = try await store.tenant(named: name.lowercased()) else {
            throw ManagementError(.notFound, "there is no tenant named '\(name)'; list tenants with 'hearth tenant list'")
        }
        return tenant
    }

    func audit(_ action: String, target: String, tenantID: UUID? = nil, detail: String? = nil) async {
        await AuditTrail(store: store).record(AuditEvent(actor: actor, tenantID: tenantID, action: action, target: target, detail: detail))
    }

    /// A login name: 1 to 64 of a-z, 0-9, '.', '_', '-', '@', starting with a letter or digit.
    static func loginName(_ raw: String) throws -> String {
        let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-@")
        guard (1...64).contains(name.count), name.allSatisfy(allowed.contains), let first = name.first, first.isLetter || first.isNumber else {
            throw ManagementError(
                .invalidName,
                "'\(raw)' is not a valid user name: use 1 to 64 of a-z, 0-9, '.', '_', '-', '@', starting with a letter or digit"
            )
        }
        return name
    }
}
