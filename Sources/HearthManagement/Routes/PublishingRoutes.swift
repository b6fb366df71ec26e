import Foundation
import HTTPTypes
import HearthCore
import HearthProfiles
import HearthStore
import Hummingbird
import Logging
import NIOCore

/// Publishing credentials and the publish profile of an app:
///
/// - `GET /api/apps/{app}/publishingcredentials` — user, password (owner and admin; masked for
///   other roles), the Kudu endpoint. Issues credentials on first use.
/// - `POST /api/apps/{app}/publishingcredentials/reset` — a new password; the old one stops working
///   at once (contributors may reset, but see the new password only in a profile an owner downloads).
/// - `GET /api/apps/{app}/publishprofile` — the `.PublishSettings` file (`application/xml`,
///   owner and admin only, since it holds the password).
struct PublishingRoutes {
    let store: any ManagementStore
    let configuration: ManagementConfiguration

    var issuer: PublishingCredentialsIssuer { PublishingCredentialsIssuer(store: store) }
    /// The endpoint with the Kudu URL an admin set in the instance settings, if any.
    func currentEndpoint() async throws -> KuduEndpoint {
        KuduEndpoint(configuration: try await configuration.applyingInstanceSettings(from: store))
    }

    func register(on group: RouterGroup<ManagementRequestContext>) {
        group.get("apps/:app/publishingcredentials", use: credentials)
        group.post("apps/:app/publishingcredentials/reset", use: reset)
        group.get("apps/:app/publishprofile", use: profile)
    }

    @Sendable func credentials(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let app = try await store.visibleApp(named: try context.parameter("app"), for: principal)
        let credentials = try await issuer.ensure(for: app)
        return try JSONResponse.make(
            PublishingCredentialsDTO(
                credentials,
                revealPassword: principal.canReadSecrets,
                scmURL: try await currentEndpoint().publicURL(app: app.name, request: request)
            )
        )
    }

    @Sendable func reset(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let app = try await store.visibleApp(named: try context.parameter("app"), for: principal)
        try principal.requireWrite("reset publishing credentials")
        let credentials = try await issuer.reset(for: app)
        context.logger.info("publishing credentials reset", metadata: ["app": "\(app.name)"])
        return try JSONResponse.make(
            PublishingCredentialsDTO(
                credentials,
                revealPassword: principal.canReadSecrets,
                scmURL: try await currentEndpoint().publicURL(app: app.name, request: request)
            )
        )
    }

    @Sendable func profile(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let app = try await store.visibleApp(named: try context.parameter("app"), for: principal)
        guard principal.canReadSecrets else {
            throw ManagementError(
                .forbidden,
                "the publish profile holds the publishing password; a \(principal.role) token cannot download it. Use an owner or admin token"
            )
        }
        return try await PublishingActions(store: store, configuration: configuration).profileResponse(app: app, request: request)
    }
}
