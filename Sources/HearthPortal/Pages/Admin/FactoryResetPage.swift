import Foundation
import HearthCore
import HearthManagement
import HearthStore
import Hummingbird
import Logging

/// `/admin/reset` (instance admins only; anyone else gets 404): reset to factory defaults after a
/// typed confirmation, then show the new first admin's setup link and admin API token once.
struct FactoryResetPage {
    let environment: PageEnvironment

    init(_ environment: PageEnvironment) { self.environment = environment }

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
        // The session went with the reset: render without it (no tenant switcher, no forms).
        return environment.renderer.page("reset", model, identity: nil)
    }

    func model() -> [String: Any] {
        ["title": "Reset to factory defaults", "confirmation": FactoryReset.confirmation]
    }
}
