import Foundation
import HTTPTypes
import HearthCore
import HearthStore
import Hummingbird
import Logging
import NIOCore

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
        group.get("apps/:app/deployments/:id/original", use: original)
    }

    /// The body is the zip. Query: `author`, `message`, `activate=false` to upload without switching,
    /// `upgrade=true` to upgrade a Functions v1 app on the way in (``V1UpgradePolicy``).
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
            activate: activateValue != "false",
            upgrade: try V1UpgradePolicy.requested(query.get(V1UpgradePolicy.queryParameter))
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

    /// The zip as it was uploaded, for a deployment whose package Hearth changed on the way in (a v1
    /// app upgraded at deploy time); 404 for one that serves its upload unchanged.
    @Sendable func original(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let app = try await store.visibleApp(named: try context.parameter("app"), for: principal)
        let deployment = try await deployment(of: app, context: context)
        guard let sha = deployment.originalPackageSHA256 else {
            throw ManagementError(
                .notFound,
                "deployment \(deployment.id) serves its package as uploaded; it has no separate original (only upgraded v1 apps do)"
            )
        }
        guard let zip = try await store.package(sha256: sha) else {
            throw ManagementError(.internalError, "the original package of deployment \(deployment.id) is missing from the store")
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/zip"
        headers[.contentLength] = String(zip.count)
        headers[.contentDisposition] = #"attachment; filename="\#(app.name)-\#(deployment.id.uuidString.lowercased())-original.zip""#
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: zip)))
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
