import Foundation
import HTTPTypes
import HearthCore
import HearthStore
import Hummingbird
import Logging

/// The Kudu-compatible deploy API of one app, at `/scm/{app}/api/…` (and, through
/// ``ScmHostRouter``, at `{app}.scm.{baseDomain}/api/…`):
///
/// - `POST|PUT /api/zipdeploy` — the zip is the body. Query `isAsync`, `author`, `authorEmail`,
///   `deployer` (default `ZipDeploy`), `message`, `upgrade=true` (upgrade a v1 app on the way in). Synchronous: 200 with the record once it serves
///   (400 with the failed record). `isAsync=true`: 202, `Location` of the record to poll,
///   `Retry-After`. 409 while the app has a deployment in progress. `If-Match` (sent by `func`) is
///   accepted and ignored.
/// - `GET /api/deployments` (newest first), `/api/deployments/latest`, `/api/deployments/{id}` —
///   Kudu `DeployResult` records (202 while in progress, 200 when complete);
///   `GET /api/deployments/{id}/log` — its log entries.
struct KuduRoutes {
    let store: any ManagementStore
    let configuration: ManagementConfiguration
    let queue: DeploymentQueue
    let appCache: ValidatedPackageCache

    var endpoint: KuduEndpoint { KuduEndpoint(configuration: configuration) }

    func register(on router: Router<ManagementRequestContext>) {
        let group = router.group("scm/:app/api")
            .add(middleware: AuditMiddleware(trail: AuditTrail(store: store), store: store))
            .add(middleware: KuduAuthMiddleware(store: store))
            .add(middleware: AuditCallerCapture())
        group.post("zipdeploy", use: zipDeploy)
        group.put("zipdeploy", use: zipDeploy)
        group.get("deployments", use: list)
        group.get("deployments/:id", use: show)
        group.get("deployments/:id/log", use: log)
    }

    @Sendable func zipDeploy(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let caller = try Self.caller(context)
        guard caller.canWrite else {
            throw ManagementError(
                .forbidden,
                "a reader token cannot deploy; use the app's publishing credentials or a contributor, owner or admin token"
            )
        }
        let query = request.uri.queryParameters
        let isAsync = query.get("isAsync")?.lowercased() == "true"
        let deployer = query.get("deployer").flatMap { $0.isEmpty ? nil : $0 } ?? "ZipDeploy"
        let upgrade = try V1UpgradePolicy.requested(query.get(V1UpgradePolicy.queryParameter))
        let package = try await RequestBodyReader.collect(request, limit: configuration.maxUploadBytes, what: "upload")
        guard !package.isEmpty else {
            throw ManagementError(
                .invalidArchive,
                "the upload is empty; send the app folder zipped as the request body (Content-Type: application/zip)"
            )
        }
        var log = [KuduDeployLog.line("received \(package.count) bytes"), KuduDeployLog.line(KuduDeployLog.deployerPrefix + deployer)]
        if let email = query.get("authorEmail"), !email.isEmpty { log.append(KuduDeployLog.line(KuduDeployLog.authorEmailPrefix + email)) }
        let deployment = Deployment(
            appID: caller.app.id,
            packageSHA256: Deployment.noPackageSHA256,
            packageSize: package.count,
            status: .pending,
            message: query.get("message"),
            author: query.get("author").flatMap { $0.isEmpty ? nil : $0 } ?? caller.name,
            log: log
        )
        try await store.createDeployment(deployment)
        let base = endpoint.requestBase(app: caller.app.name, request: request)
        switch await queue.submit(deployment, app: caller.app, package: package, upgrade: upgrade) {
        case .busy:
            try await abandon(deployment, reason: "another deployment of this app is in progress")
            throw ManagementError(
                .conflict,
                "app '\(caller.app.name)' has a deployment in progress; wait for it to finish (poll \(base)/api/deployments/latest) and try again"
            )
        case .full:
            try await abandon(deployment, reason: "the deployment queue is full")
            var response = try ManagementError(.conflict, "the server's deployment queue is full; try again in a minute").response(
                from: request,
                context: context
            )
            response.status = .serviceUnavailable
            response.headers[.retryAfter] = "30"
            return response
        case .accepted(let done):
            context.logger.info(
                "kudu deployment queued",
                metadata: ["app": "\(caller.app.name)", "deployment": "\(deployment.id)", "async": "\(isAsync)"]
            )
            if isAsync {
                var response = try await record(deployment, app: caller.app, base: base, status: .accepted)
                response.headers[.location] = "\(base)/api/deployments/\(deployment.id.uuidString.lowercased())"
                response.headers[.retryAfter] = "1"
                return response
            }
            var finished = deployment
            for await result in done { finished = result }
            let app = try await store.app(id: caller.app.id) ?? caller.app
            return try await record(finished, app: app, base: base, status: finished.status == .succeeded ? .ok : .badRequest)
        }
    }

    @Sendable func list(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let app = try await currentApp(context)
        let deployments = try await store.deployments(appID: app.id)
        let lastSuccess = deployments.first { $0.status == .succeeded }?.completedAt
        let base = endpoint.requestBase(app: app.name, request: request)
        return try JSONResponse.make(deployments.map { DeployResultDTO($0, app: app, base: base, lastSuccess: lastSuccess) })
    }

    /// `{id}` or `latest`: 202 while in progress, 200 when complete.
    @Sendable func show(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let app = try await currentApp(context)
        let deployment = try await find(try context.parameter("id"), app: app)
        let base = endpoint.requestBase(app: app.name, request: request)
        let complete = deployment.status == .succeeded || deployment.status == .failed
        return try await record(deployment, app: app, base: base, status: complete ? .ok : .accepted)
    }

    @Sendable func log(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let app = try await currentApp(context)
        let deployment = try await find(try context.parameter("id"), app: app)
        return try JSONResponse.make(deployment.log.enumerated().map { DeployLogEntryDTO(line: $0.element, index: $0.offset + 1) })
    }

    // MARK: Helpers

    static func caller(_ context: ManagementRequestContext) throws -> KuduCaller {
        guard let caller = context.kuduCaller else {
            throw ManagementError(.unauthorized, "this endpoint needs the app's publishing credentials")
        }
        return caller
    }

    /// The app re-read (its active deployment may have changed since authentication).
    func currentApp(_ context: ManagementRequestContext) async throws -> AppRecord {
        let caller = try Self.caller(context)
        return try await store.app(id: caller.app.id) ?? caller.app
    }

    func find(_ raw: String, app: AppRecord) async throws -> Deployment {
        if raw.lowercased() == "latest" {
            guard let latest = try await store.deployments(appID: app.id).first else {
                throw ManagementError(.notFound, "app '\(app.name)' has no deployments yet")
            }
            return latest
        }
        guard let id = UUID(uuidString: raw), let deployment = try await store.deployment(id: id), deployment.appID == app.id else {
            throw ManagementError(.notFound, "app '\(app.name)' has no deployment '\(raw)'; list them with GET /api/deployments")
        }
        return deployment
    }

    /// The Kudu record, with the functions and their URLs when it is the serving deployment.
    func record(_ deployment: Deployment, app: AppRecord, base: String, status: HTTPResponse.Status) async throws -> Response {
        let lastSuccess = try await store.deployments(appID: app.id).first { $0.status == .succeeded }?.completedAt
        var functions: [FunctionDTO]?
        if deployment.status == .succeeded, deployment.hasPackage,
            let loaded = try? await DeploymentPipeline(store: store, configuration: configuration).loadStored(
                deployment,
                appID: app.id,
                cache: appCache
            )
        {
            functions = loaded.functionDTOs(
                appName: app.name,
                urls: FunctionURLBuilder(configuration: try await configuration.applyingInstanceSettings(from: store))
            )
        }
        return try JSONResponse.make(
            DeployResultDTO(deployment, app: app, base: base, lastSuccess: lastSuccess, functions: functions),
            status: status
        )
    }

    /// Marks a record that never reached the queue as failed, so pollers see why.
    func abandon(_ deployment: Deployment, reason: String) async throws {
        var failed = deployment
        failed.status = .failed
        failed.message = reason
        failed.completedAt = Date()
        failed.log.append(KuduDeployLog.line("failed: \(reason); nothing was deployed"))
        try await store.updateDeployment(failed)
    }
}
