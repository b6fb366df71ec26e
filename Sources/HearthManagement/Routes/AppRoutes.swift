import Foundation
import HearthCore
import HearthStore
import Hummingbird
import Logging

/// `/api/apps`: create, list, show, delete apps and set their custom host names.
struct AppRoutes {
    let store: any ManagementStore
    let configuration: ManagementConfiguration
    let appCache: ValidatedPackageCache

    func register(on group: RouterGroup<ManagementRequestContext>) {
        group.post("apps", use: create)
        group.get("apps", use: list)
        group.get("apps/:app", use: show)
        group.put("apps/:app/hostnames", use: setHostNames)
        group.delete("apps/:app", use: delete)
    }

    /// Creates the app with its master key (`master`) and a host function key (`default`).
    @Sendable func create(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.requireWrite("create apps")
        let body = try await RequestBodyReader.decode(CreateAppRequest.self, from: request)
        try ResourceName.validateAppName(body.name)
        context.auditCaller?.target = body.name
        let tenant: Tenant
        if let name = body.tenant {
            tenant = try await store.visibleTenant(named: name, for: principal)
        } else if let id = principal.tenantID, let own = try await store.tenant(id: id) {
            tenant = own
        } else {
            throw ManagementError(
                .invalidJSON,
                "$.tenant is missing; say which tenant the app belongs to (create one with 'hearth tenant create NAME')"
            )
        }
        let hostNames = try HostNameRules(configuration).normalise(
            body.hostNames ?? [],
            tenant: tenant,
            domains: try await store.tenantDomains(tenantID: tenant.id)
        )
        try await store.requireAppNameFree(body.name)
        try await checkHostNamesFree(hostNames, appID: nil)
        let app = try await store.createAppWithKeys(AppRecord(tenantID: tenant.id, name: body.name, hostNames: hostNames))
        context.logger.info("app created", metadata: ["app": "\(app.name)", "tenant": "\(tenant.name)"])
        return try JSONResponse.make(AppDTO(app, tenantName: tenant.name, baseDomain: configuration.baseDomain), status: .created)
    }

    @Sendable func list(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var tenantID: UUID? = principal.isAdmin ? nil : principal.tenantID
        if let name = request.uri.queryParameters.get("tenant") {
            tenantID = try await store.visibleTenant(named: name, for: principal).id
        }
        guard principal.isAdmin || tenantID != nil else { return try JSONResponse.make(AppListDTO(apps: [])) }
        let names = try await store.tenantNames()
        let apps = try await store.apps(tenantID: tenantID).filter { principal.canSee(tenantID: $0.tenantID) }
        return try JSONResponse.make(
            AppListDTO(
                apps: apps.map {
                    AppDTO($0, tenantName: names[$0.tenantID] ?? "", baseDomain: configuration.baseDomain)
                }
            )
        )
    }

    @Sendable func show(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let app = try await store.visibleApp(named: try context.parameter("app"), for: principal)
        let tenantName = try await store.tenant(id: app.tenantID)?.name ?? ""
        var detail = AppDetailDTO(
            app: AppDTO(app, tenantName: tenantName, baseDomain: configuration.baseDomain),
            status: try await store.appStatus(appID: app.id).map(AppStatusDTO.init),
            activeDeployment: nil,
            functions: []
        )
        detail.disabledHostNames = try await store.disabledHostNames(appID: app.id).map(DisabledHostNameDTO.init)
        if let id = app.activeDeploymentID, let deployment = try await store.deployment(id: id) {
            detail.activeDeployment = DeploymentDTO(deployment, active: true)
            do {
                let loaded = try await DeploymentPipeline(store: store, configuration: configuration).loadStored(
                    deployment,
                    appID: app.id,
                    cache: appCache
                )
                detail.functions = loaded.functionDTOs(
                    appName: app.name,
                    urls: FunctionURLBuilder(configuration: try await configuration.applyingInstanceSettings(from: store))
                )
            } catch let error as any ManagementErrorConvertible {
                detail.functions = deployment.functionNames.map { FunctionDTO(name: $0, trigger: "unknown") }
                detail.functionsError = error.managementError.message
            }
        }
        return try JSONResponse.make(detail)
    }

    @Sendable func setHostNames(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var app = try await store.visibleApp(named: try context.parameter("app"), for: principal)
        try principal.requireWrite("change host names")
        let body = try await RequestBodyReader.decode(HostNamesRequest.self, from: request)
        guard let tenant = try await store.tenant(id: app.tenantID) else { throw ManagementError(.notFound, "the app's tenant no longer exists") }
        let hostNames = try HostNameRules(configuration).normalise(
            body.hostNames,
            tenant: tenant,
            domains: try await store.tenantDomains(tenantID: tenant.id)
        )
        try await checkHostNamesFree(hostNames, appID: app.id)
        try await store.setHostNames(appID: app.id, hostNames)
        app.hostNames = hostNames
        context.logger.info("host names set", metadata: ["app": "\(app.name)", "hostNames": "\(hostNames.joined(separator: ","))"])
        return try JSONResponse.make(AppDTO(app, tenantName: tenant.name, baseDomain: configuration.baseDomain))
    }

    @Sendable func delete(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let app = try await store.visibleApp(named: try context.parameter("app"), for: principal)
        try principal.requireWrite("delete apps")
        _ = try await store.deleteApp(id: app.id)
        context.logger.info("app deleted", metadata: ["app": "\(app.name)"])
        return JSONResponse.noContent()
    }

    /// A host name routes to one app only; say which app holds it (409).
    func checkHostNamesFree(_ hostNames: [String], appID: UUID?) async throws {
        for name in hostNames {
            if let owner = try await store.app(hostName: name), owner.id != appID {
                throw ManagementError(.conflict, "the host name '\(name)' already routes to another app; remove it there first")
            }
        }
    }
}
