import Foundation
import HearthCore
import HearthStore
import Hummingbird
import Logging

/// `/api/apps/{app}/deployments`: upload a zip as a new deployment, list them, re-activate one.
struct DeploymentRoutes {
    let store: any ManagementStore
    let configuration: ManagementConfiguration

    var pipeline: DeploymentPipeline { DeploymentPipeline(store: store, configuration: configuration) }

    func register(on group: RouterGroup<ManagementRequestContext>) {
        group.post("apps/:app/deployments", use: create)
        group.get("apps/:app/deployments", use: list)
        group.get("apps/:app/deployments/:id", use: show)
        group.post("apps/:app/deployments/:id/activate", use: activate)
    }

    /// The body is the zip. Query: `author`, `message`, `activate=false` to upload without switching.
    @Sendable func create(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let app = try await store.visibleApp(named: try context.parameter("app"), for: principal)
        try principal.requireWrite("deploy")
        let query = request.uri.queryParameters
        let activateValue = query.get("activate")?.lowercased()
        guard activateValue == nil || activateValue == "true" || activateValue == "false" else {
            throw ManagementError(.badRequest, "activate must be true or false, not '\(activateValue ?? "")'")
        }
        let options = DeploymentPipeline.Options(
            author: query.get("author") ?? principal.name,
            message: query.get("message"),
            activate: activateValue != "false"
        )
        let package = try await RequestBodyReader.collect(request, limit: configuration.maxUploadBytes, what: "upload")
        let outcome = try await pipeline.deploy(package, to: app, options: options, logger: context.logger)
        let functions = outcome.app.functionDTOs(
            appName: app.name,
            urls: FunctionURLBuilder(configuration: try await configuration.applyingInstanceSettings(from: store))
        )
        return try JSONResponse.make(DeploymentDTO(outcome.deployment, active: outcome.activated, functions: functions), status: .created)
    }

    @Sendable func list(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let app = try await store.visibleApp(named: try context.parameter("app"), for: principal)
        let deployments = try await store.deployments(appID: app.id)
        return try JSONResponse.make(
            DeploymentListDTO(
                deployments: deployments.map {
                    DeploymentDTO($0, active: $0.id == app.activeDeploymentID)
                }
            )
        )
    }

    @Sendable func show(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let app = try await store.visibleApp(named: try context.parameter("app"), for: principal)
        let deployment = try await deployment(of: app, context: context)
        return try JSONResponse.make(DeploymentDTO(deployment, active: deployment.id == app.activeDeploymentID))
    }

    /// Makes an earlier (succeeded) deployment the serving one again.
    @Sendable func activate(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let app = try await store.visibleApp(named: try context.parameter("app"), for: principal)
        try principal.requireWrite("activate deployments")
        let deployment = try await deployment(of: app, context: context)
        guard deployment.status == .succeeded else {
            throw ManagementError(
                .conflict,
                "deployment \(deployment.id) has status \(deployment.status.rawValue); only a succeeded deployment can serve the app"
            )
        }
        try await pipeline.activate(deployment, of: app)
        context.logger.info("deployment activated", metadata: ["app": "\(app.name)", "deployment": "\(deployment.id)"])
        return try JSONResponse.make(DeploymentDTO(deployment, active: true))
    }

    func deployment(of app: AppRecord, context: ManagementRequestContext) async throws -> Deployment {
        let id = try context.uuidParameter("id", what: "deployment")
        guard let deployment = try await store.deployment(id: id), deployment.appID == app.id else {
            throw ManagementError(.notFound, "app '\(app.name)' has no deployment \(id); list them with 'hearth app deployments \(app.name)'")
        }
        return deployment
    }
}
