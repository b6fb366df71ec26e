import Foundation
import HTTPTypes
import HearthCore
import HearthManagement
import HearthStore
import Hummingbird
import Logging

/// `/admin/users` (instance admins only; 404 for anyone else): every user with the admin flag,
/// second factor, state and tenants. Create a local user (shown a one-time setup link), reset a
/// password (a new link; the old password and sessions end), make or unmake an admin, disable or
/// enable, delete. The instance always keeps one enabled admin.
struct AdminUsersPage {
    let environment: PageEnvironment
    var store: any ManagementStore { environment.store }

    init(_ environment: PageEnvironment) { self.environment = environment }

    func register(on group: RouterGroup<PortalRequestContext>) {
        group.get("admin/users", use: list)
        group.post("admin/users", use: create)
        group.post("admin/users/:user/reset-password", use: resetPassword)
        group.post("admin/users/:user/admin", use: setAdmin)
        group.post("admin/users/:user/disabled", use: setDisabled)
        group.post("admin/users/:user/delete", use: delete)
    }

    @Sendable func list(_ request: Request, context: PortalRequestContext) async throws -> Response {
        _ = try environment.requireAdmin(context)
        return try await page(context, setupLink: nil)
    }

    /// The list, with a just-issued setup link shown once (never stored or logged as such).
    func page(_ context: PortalRequestContext, setupLink: (login: String, url: String)?) async throws -> Response {
        let names = try await store.tenantNames()
        var rows: [[String: Any]] = []
        for user in try await store.users() {
            let tenants = try await store.memberships(userID: user.id).map { "\(names[$0.tenantID] ?? "?") (\($0.role))" }
            rows.append([
                "id": user.id.uuidString,
                "login": user.subject,
                "issuer": user.issuer,
                "displayName": user.displayName,
                "isAdmin": user.isAdmin,
                "totp": user.totpEnabled,
                "disabled": user.isDisabled,
                "passwordSet": user.passwordHash != nil,
                "tenants": tenants.joined(separator: ", "),
            ])
        }
        var model: [String: Any] = ["title": "Users", "admin_users": true, "users": rows]
        guard let setupLink else { return environment.render("admin-users", model, context) }
        model["setupLink"] = ["login": setupLink.login, "url": setupLink.url]
        var response = environment.render("admin-users", model, context)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// The user in the URL (404 when there is none).
    func user(_ context: PortalRequestContext) async throws -> User {
        guard let id = UUID(uuidString: try context.parameters.require("user")), let user = try await store.user(id: id) else {
            throw ManagementError(.notFound, "there is no such user")
        }
        return user
    }

    @Sendable func create(_ request: Request, context: PortalRequestContext) async throws -> Response {
        _ = try environment.requireAdmin(context)
        // Lower case, as `hearth user add` stores logins and sign-in looks them up.
        let login = (context.form.trimmed("login") ?? "").lowercased()
        try Self.validateLogin(login)
        if try await store.user(issuer: User.localIssuer, subject: login) != nil {
            throw ManagementError(.conflict, "a user named '\(login)' already exists")
        }
        let user = User(subject: login, displayName: context.form.trimmed("displayName") ?? login, isAdmin: context.form["admin"] == "on")
        try await store.createUser(user)
        let token = try await SetupLinkIssuer(store: store).issue(for: user.id)
        context.logger.info("user created in the portal", metadata: ["user": "\(login)", "admin": "\(user.isAdmin)"])
        let base = try await environment.portalBaseURL(request)
        return try await page(context, setupLink: (login, "\(base)/setup/\(token)"))
    }

    /// Removes the password (ending the user's sessions) and issues a new setup link.
    @Sendable func resetPassword(_ request: Request, context: PortalRequestContext) async throws -> Response {
        _ = try environment.requireAdmin(context)
        let user = try await user(context)
        guard user.isLocal else {
            throw ManagementError(.badRequest, "'\(user.subject)' signs in through \(user.issuer); Hearth keeps no password for it")
        }
        try await store.setPasswordHash(userID: user.id, nil, at: Date())
        let token = try await SetupLinkIssuer(store: store).issue(for: user.id)
        context.logger.info("password reset in the portal", metadata: ["user": "\(user.subject)"])
        let base = try await environment.portalBaseURL(request)
        return try await page(context, setupLink: (user.subject, "\(base)/setup/\(token)"))
    }

    @Sendable func setAdmin(_ request: Request, context: PortalRequestContext) async throws -> Response {
        _ = try environment.requireAdmin(context)
        let user = try await user(context)
        let makeAdmin = context.form["admin"] == "true"
        if !makeAdmin { try await guardLastAdmin(user, doing: "take the admin role from") }
        // Only the flag: the user's own TOTP change made meanwhile stays.
        try await store.setUserFlags(userID: user.id, isAdmin: makeAdmin, isDisabled: nil)
        context.logger.info("admin role changed in the portal", metadata: ["user": "\(user.subject)", "admin": "\(makeAdmin)"])
        return PageEnvironment.redirect("/admin/users")
    }

    @Sendable func setDisabled(_ request: Request, context: PortalRequestContext) async throws -> Response {
        _ = try environment.requireAdmin(context)
        let user = try await user(context)
        let disable = context.form["disabled"] == "true"
        if disable { try await guardLastAdmin(user, doing: "disable") }
        try await store.setUserFlags(userID: user.id, isAdmin: nil, isDisabled: disable)
        if disable { _ = try await store.deleteSessions(userID: user.id) }
        context.logger.info("user \(disable ? "disabled" : "enabled") in the portal", metadata: ["user": "\(user.subject)"])
        return PageEnvironment.redirect("/admin/users")
    }

    @Sendable func delete(_ request: Request, context: PortalRequestContext) async throws -> Response {
        _ = try environment.requireAdmin(context)
        let user = try await user(context)
        guard context.form["confirm"] == user.subject else {
            throw ManagementError(.badRequest, "type the user's login, '\(user.subject)', to confirm deleting it")
        }
        try await guardLastAdmin(user, doing: "delete")
        _ = try await store.deleteUser(id: user.id)
        context.logger.info("user deleted in the portal", metadata: ["user": "\(user.subject)"])
        return PageEnvironment.redirect("/admin/users")
    }

    /// Refuses (409) a change that would leave the instance without an enabled admin.
    func guardLastAdmin(_ user: User, doing action: String) async throws {
        guard user.isAdmin, !user.isDisabled else { return }
        let others = try await store.users().filter { $0.isAdmin && !$0.isDisabled && $0.id != user.id }
        guard others.isEmpty else { return }
        throw ManagementError(.conflict, "cannot \(action) '\(user.subject)': it is the last enabled admin; make another user an admin first")
    }

    /// Login names: 1–64 letters, digits, `.`, `_`, `@` or `-`, starting with a letter or digit.
    static func validateLogin(_ login: String) throws {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "._@-"))
        guard (1...64).contains(login.count), login.unicodeScalars.allSatisfy({ $0.isASCII && allowed.contains($0) }),
            login.first.map({ $0.isLetter || $0.isNumber }) == true
        else {
            throw ManagementError(.badRequest, "a login is 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit")
        }
    }
}
