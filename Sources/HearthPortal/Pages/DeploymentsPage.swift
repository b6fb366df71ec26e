import Foundation
import HearthCore
import HearthManagement
import HearthStore
import Hummingbird
import Logging
import NIOCore
import NIOFoundationCompat

/// `/apps/{app}/deployments`: history (who, when, message, status, log); upload a zip (a
/// multipart form field `package`, or the zip as the raw body with an `X-CSRF-Token` header);
/// re-activate an earlier succeeded deployment (both through the API's ``DeploymentPipeline``);
/// download the `.PublishSettings` (owners and admins: it holds the password) and reset the
/// publishing credentials (writers), both through the API's ``PublishingActions``.
struct DeploymentsPage {
    let environment: PageEnvironment
    var store: any ManagementStore { environment.store }
    var pipeline: DeploymentPipeline { DeploymentPipeline(store: store, configuration: environment.configuration) }

    init(_ environment: PageEnvironment) { self.environment = environment }

    func register(on group: RouterGroup<PortalRequestContext>) {
        group.get("apps/:app/deployments", use: list)
        group.post("apps/:app/deployments", use: upload)
        group.post("apps/:app/deployments/:id/activate", use: activate)
        group.get("apps/:app/publishprofile", use: profile)
        group.post("apps/:app/publishingcredentials/reset", use: resetCredentials)
    }

    @Sendable func list(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (_, app) = try await environment.visibleApp(context)
        var model = try await environment.appModel(app, tab: "deployments")
        model["deployments"] = try await store.deployments(appID: app.id).sorted { $0.createdAt > $1.createdAt }.map { deployment -> [String: Any] in
            let dto = DeploymentDTO(deployment, active: deployment.id == app.activeDeploymentID)
            return [
                "id": dto.id.uuidString.lowercased(),
                "status": dto.status,
                "active": dto.active,
                "activatable": !dto.active && deployment.status == .succeeded,
                "author": dto.author ?? "",
                "message": dto.message ?? "",
                "createdAt": PageEnvironment.format(dto.createdAt),
                "functions": dto.functionNames.joined(separator: ", "),
                "log": dto.log.joined(separator: "\n"),
            ]
        }
        return environment.render("deployments", model, context)
    }

    @Sendable func upload(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (identity, app) = try await environment.changeableApp(context, action: "deploy")
        guard let body = context.upload ?? context.rawBody.map({ Data(buffer: $0) }), !body.isEmpty else {
            throw ManagementError(.badRequest, "choose a zip file to upload")
        }
        guard body.count <= environment.configuration.maxUploadBytes else {
            throw ManagementError(.payloadTooLarge, "the upload is larger than this instance accepts")
        }
        let options = DeploymentPipeline.Options(
            author: identity.displayName,
            message: context.form.trimmed("message"),
            upgrade: context.form.trimmed("upgrade") == "true"
        )
        _ = try await pipeline.deploy(body, to: app, options: options, logger: context.logger)
        return PageEnvironment.redirect("/apps/\(app.name)/deployments")
    }

    @Sendable func activate(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (_, app) = try await environment.changeableApp(context, action: "activate deployments")
        let id = UUID(uuidString: try context.parameters.require("id"))
        guard let id, let deployment = try await store.deployment(id: id), deployment.appID == app.id else {
            throw ManagementError(.notFound, "app '\(app.name)' has no such deployment")
        }
        guard deployment.status == .succeeded else {
            throw ManagementError(.conflict, "only a succeeded deployment can serve the app; this one has status \(deployment.status.rawValue)")
        }
        try await pipeline.activate(deployment, of: app)
        context.logger.info("deployment activated in the portal", metadata: ["app": "\(app.name)", "deployment": "\(deployment.id)"])
        return PageEnvironment.redirect("/apps/\(app.name)/deployments")
    }

    @Sendable func profile(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (identity, app) = try await environment.visibleApp(context)
        guard identity.principal.canReadSecrets else {
            throw ManagementError(.forbidden, "the publish profile holds the publishing password; only owners and admins can download it")
        }
        return try await PublishingActions(store: store, configuration: environment.configuration).profileResponse(app: app, request: request)
    }

    @Sendable func resetCredentials(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (_, app) = try await environment.changeableApp(context, action: "reset publishing credentials")
        try await PublishingActions(store: store, configuration: environment.configuration).resetCredentials(app: app)
        context.logger.info("publishing credentials reset in the portal", metadata: ["app": "\(app.name)"])
        return PageEnvironment.redirect("/apps/\(app.name)/deployments")
    }
}
