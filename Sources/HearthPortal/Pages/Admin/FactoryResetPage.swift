import Foundation
import HTTPTypes
import HearthCore
import HearthManagement
import HearthStore
import Hummingbird
import Logging

/// `/admin/reset` (instance admins only; anyone else gets 404): reset to factory defaults after a
/// typed confirmation, then show the new first admin's setup link and admin API token once.
struct FactoryResetPage {
    let environment: PageEnvironment
    /// The portal's own sign-in, when it has one: the reset ends every session, and its answer
    /// removes the browser's session cookie as signing out does.
    let signIn: PortalSignIn?

    init(_ environment: PageEnvironment, signIn: PortalSignIn? = nil) {
        self.environment = environment
        self.signIn = signIn
    }

    func register(on group: RouterGroup<PortalRequestContext>) {
        group.get("admin/reset", use: show)
        group.post("admin/reset", use: reset)
    }

    func requireAdmin(_ context: PortalRequestContext) throws -> PortalIdentity {
        let identity = try context.requireIdentity()
        guard identity.principal.isAdmin else { throw ManagementError(.notFound, "there is no such page") }
        return identity
    }

    @Sendable func show(_ request: Request, context: PortalRequestContext) async throws -> Response {
        _ = try requireAdmin(context)
        return environment.render("reset", model(), context)
    }

    @Sendable func reset(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let identity = try requireAdmin(context)
        guard FactoryReset.isConfirmed(context.form["confirm"]) else {
            var model = model()
            model["problem"] = "Not confirmed: type \(FactoryReset.confirmation) to reset. Nothing was changed."
            return environment.renderer.page("reset", model, identity: identity, status: .badRequest)
        }
        guard let dataDirectory = environment.configuration.dataDirectory else {
            throw ManagementError(.conflict, "this portal does not know its data directory; run 'hearth reset --factory' on the machine")
        }
        let actor = AuditEvent.Actor(kind: .user, id: identity.principal.tokenID, name: identity.displayName)
        let outcome = try await FactoryReset(store: environment.store, dataDirectory: dataDirectory)
            .run(actor: actor, address: context.remoteAddress)
        context.logger.notice("factory reset from the portal", metadata: ["by": "\(identity.displayName)"])
        let host = request.head.authority ?? "127.0.0.1"
        let portal = await FirstAdmin.portalURL(store: environment.store, fallback: "\(environment.configuration.scheme)://\(host)")
        var model = model()
        model["done"] = [
            "link": SetupLinkIssuer.link(portalURL: portal, token: outcome.setupToken),
            "token": outcome.adminToken,
            "auditFile": outcome.auditFile.lastPathComponent,
            "masterKey": outcome.masterKey,
        ]
        // The session went with the reset: render without it (no tenant switcher, no forms), and
        // the browser forgets its cookie.
        var response = environment.renderer.page("reset", model, identity: nil)
        if let signIn, case .success(let cookie) = signIn.cookie(for: request) {
            response.headers[.setCookie] = cookie.clearingCookie()
        }
        return response
    }

    func model() -> [String: Any] {
        ["title": "Reset to factory defaults", "confirmation": FactoryReset.confirmation]
    }
}
