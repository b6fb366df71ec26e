import Foundation
import HearthCore
import HearthManagement
import HearthStore
import Hummingbird
import Logging

/// `/tenants/{tenant}/members`: the tenant's users and their roles. Owners of the tenant and
/// instance admins add an existing user with a role, change a role or remove a member; other
/// members see the list only (403 on a change). Another tenant's page is a 404, as everywhere.
/// The last owner of a tenant cannot be demoted or removed.
struct MembersPage {
    let environment: PageEnvironment
    var store: any ManagementStore { environment.store }

    init(_ environment: PageEnvironment) { self.environment = environment }

    func register(on group: RouterGroup<PortalRequestContext>) {
        group.get("members", use: selected)
        group.get("tenants/:tenant/members", use: list)
        group.post("tenants/:tenant/members", use: set)
        group.post("tenants/:tenant/members/remove", use: remove)
    }

    /// `/members`: the selected tenant's members (an admin without a selection: the tenants).
    @Sendable func selected(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        if let tenant = identity.selectedTenant, identity.principal.canSee(tenantID: tenant.id) {
            return PageEnvironment.redirect("/tenants/\(tenant.name)/members")
        }
        if let id = identity.principal.tenantID, let tenant = try await store.tenant(id: id) {
            return PageEnvironment.redirect("/tenants/\(tenant.name)/members")
        }
        guard identity.principal.isAdmin else { throw ManagementError(.notFound, "you belong to no tenant") }
        return PageEnvironment.redirect("/admin/tenants")
    }

    /// The tenant in the URL if the person may see it (404 otherwise).
    func tenant(_ context: PortalRequestContext) async throws -> (PortalIdentity, Tenant) {
        let identity = try context.requireIdentity()
        let tenant = try await store.visibleTenant(named: try context.parameters.require("tenant"), for: identity.principal)
        return (identity, tenant)
    }

    /// The same, for a change: only the tenant's owners and admins (403 for other members).
    func managedTenant(_ context: PortalRequestContext) async throws -> Tenant {
        let (identity, tenant) = try await tenant(context)
        guard Self.canManage(identity.principal, tenant: tenant) else {
            throw ManagementError(.forbidden, "only the tenant's owners and instance admins can change its members")
        }
        return tenant
    }

    static func canManage(_ principal: Principal, tenant: Tenant) -> Bool {
        principal.isAdmin || (principal.role == .owner && principal.tenantID == tenant.id)
    }

    @Sendable func list(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (identity, tenant) = try await tenant(context)
        let users = Dictionary(uniqueKeysWithValues: try await store.users().map { ($0.id, $0) })
        let members = try await store.members(tenantID: tenant.id).compactMap { membership -> [String: Any]? in
            guard let user = users[membership.userID] else { return nil }
            return [
                "id": user.id.uuidString,
                "login": user.subject,
                "displayName": user.displayName,
                "role": membership.role.rawValue,
                "roles": MemberRoles.options(selected: membership.role),
                "since": PageEnvironment.format(membership.createdAt),
            ]
        }
        let model: [String: Any] = [
            "title": "Members of \(tenant.name)",
            "tenant": tenant.name,
            "members": members,
            "empty": members.isEmpty,
            "canManage": Self.canManage(identity.principal, tenant: tenant),
            "roles": MemberRoles.options(selected: .contributor),
        ]
        return environment.render("members", model, context)
    }

    /// Adds a user (by login name) with a role, or changes a member's role.
    ///
    /// Who may learn which logins exist: instance admins see every user (Admin → Users), so they get
    /// the precise refusal. A tenant owner adds people by login name, as in Azure where only
    /// directory admins browse the directory: an owner has to know the name, and an add that
    /// succeeds does show that the login exists (unavoidable when owners may add any active user;
    /// every add and refusal is in the audit log). What an owner is not told is why an add was
    /// refused: an unknown login and a disabled account get the same 404 and message, so the form
    /// cannot be used to tell them apart or to list disabled accounts.
    @Sendable func set(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let tenant = try await managedTenant(context)
        let role = try MemberRoles.parse(context.form["role"])
        let login = (context.form.trimmed("user") ?? "").lowercased()
        let users = try await store.users()
        let isAdmin = try context.requireIdentity().principal.isAdmin
        let found = users.first(where: { $0.subject == login && $0.isLocal }) ?? users.first(where: { $0.subject == login })
        let members = try await store.members(tenantID: tenant.id)
        // A member's role can be changed whatever the account's state (the owner sees the members).
        guard let user = found, isAdmin || !user.isDisabled || members.contains(where: { $0.userID == user.id }) else {
            throw Self.refusal(login: login, tenant: tenant, isAdmin: isAdmin)
        }
        try MemberRoles.guardLastOwner(members, changing: user.id, to: role, tenant: tenant)
        let existing = members.first { $0.userID == user.id }
        try await store.setMembership(
            TenantMembership(userID: user.id, tenantID: tenant.id, role: role, createdAt: existing?.createdAt ?? Date())
        )
        context.logger.info("membership set in the portal", metadata: ["tenant": "\(tenant.name)", "user": "\(user.subject)", "role": "\(role)"])
        return PageEnvironment.redirect("/tenants/\(tenant.name)/members")
    }

    /// The refusal of an add whose login names no user an owner can add: precise for an admin, the
    /// same words for an unknown login and a disabled account otherwise.
    static func refusal(login: String, tenant: Tenant, isAdmin: Bool) -> ManagementError {
        if isAdmin {
            return ManagementError(.notFound, "there is no user named '\(login)'; an admin creates users under Admin → Users")
        }
        return ManagementError(
            .notFound,
            "'\(login)' cannot be added to \(tenant.name): check the login name, or ask an instance admin (who creates and enables users)"
        )
    }

    /// Removes a member; the user must be a member of this tenant (404 otherwise).
    @Sendable func remove(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let tenant = try await managedTenant(context)
        let members = try await store.members(tenantID: tenant.id)
        guard let id = context.form["user"].flatMap(UUID.init(uuidString:)), members.contains(where: { $0.userID == id }) else {
            throw ManagementError(.notFound, "that user is not a member of tenant '\(tenant.name)'")
        }
        try MemberRoles.guardLastOwner(members, changing: id, to: nil, tenant: tenant)
        _ = try await store.removeMembership(userID: id, tenantID: tenant.id)
        context.logger.info("member removed in the portal", metadata: ["tenant": "\(tenant.name)", "user": "\(id)"])
        return PageEnvironment.redirect("/tenants/\(tenant.name)/members")
    }
}
