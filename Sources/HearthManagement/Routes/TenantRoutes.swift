import HearthCore
import HearthStore
import Hummingbird
import Logging

/// `/api/tenants`: admins create and delete tenants; everyone sees the tenants they belong to.
struct TenantRoutes {
    let store: any ManagementStore

    func register(on group: RouterGroup<ManagementRequestContext>) {
        group.post("tenants", use: create)
        group.get("tenants", use: list)
        group.get("tenants/:tenant", use: show)
        group.delete("tenants/:tenant", use: delete)
    }

    @Sendable func create(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.requireAdmin("create tenants")
        let body = try await RequestBodyReader.decode(CreateTenantRequest.self, from: request)
        try ResourceName.validateTenantName(body.name)
        context.auditCaller?.target = body.name
        if try await store.tenant(named: body.name) != nil {
            throw ManagementError(.conflict, "a tenant named '\(body.name)' already exists; choose another name")
        }
        let tenant = Tenant(name: body.name)
        try await store.createTenant(tenant)
        context.logger.info("tenant created", metadata: ["tenant": "\(tenant.name)"])
        return try JSONResponse.make(TenantDTO(tenant), status: .created)
    }

    @Sendable func list(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let tenants = try await store.tenants().filter { principal.canSee(tenantID: $0.id) }
        return try JSONResponse.make(TenantListDTO(tenants: tenants.map(TenantDTO.init)))
    }

    @Sendable func show(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let tenant = try await store.visibleTenant(named: try context.parameter("tenant"), for: principal)
        return try JSONResponse.make(TenantDTO(tenant))
    }

    /// Refuses (409) while the tenant has apps unless `?force=true`, because deleting a tenant
    /// deletes its apps, deployments, settings, keys, logs and tokens.
    @Sendable func delete(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.requireAdmin("delete tenants")
        let tenant = try await store.visibleTenant(named: try context.parameter("tenant"), for: principal)
        let force = request.uri.queryParameters.get("force") == "true"
        let apps = try await store.apps(tenantID: tenant.id)
        if !apps.isEmpty && !force {
            throw ManagementError(
                .conflict,
                "tenant '\(tenant.name)' still has \(apps.count) app(s) (\(apps.map(\.name).joined(separator: ", "))); delete them first, or pass ?force=true (CLI: --force) to delete the tenant with everything in it"
            )
        }
        _ = try await store.deleteTenant(id: tenant.id)
        context.logger.info("tenant deleted", metadata: ["tenant": "\(tenant.name)", "apps": "\(apps.count)"])
        return JSONResponse.noContent()
    }
}
