import HearthCore
import HearthStore
import Hummingbird
import Logging

/// `/api/tenants/{tenant}/domains`: the domain suffixes a tenant's apps may use as custom host
/// names. Instance admins grant and take them; the tenant's members see them.
struct TenantDomainRoutes {
    let store: any ManagementStore
    let configuration: ManagementConfiguration

    func register(on group: RouterGroup<ManagementRequestContext>) {
        group.get("tenants/:tenant/domains", use: list)
        group.post("tenants/:tenant/domains", use: add)
        group.delete("tenants/:tenant/domains/:domain", use: remove)
    }

    @Sendable func list(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let tenant = try await store.visibleTenant(named: try context.parameter("tenant"), for: principal)
        return try JSONResponse.make(TenantDomainListDTO(domains: try await store.tenantDomains(tenantID: tenant.id).map(TenantDomainDTO.init)))
    }

    @Sendable func add(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.requireAdmin("grant domains to tenants")
        let tenant = try await store.visibleTenant(named: try context.parameter("tenant"), for: principal)
        let body = try await RequestBodyReader.decode(TenantDomainRequest.self, from: request)
        let suffix = try HostNameRules(configuration).checkSuffix(
            body.domain,
            for: tenant,
            existing: try await store.tenantDomains(tenantID: nil),
            tenantNames: try await store.tenantNames()
        )
        let domain = TenantDomain(suffix: suffix, tenantID: tenant.id)
        do {
            try await store.addTenantDomain(domain)
        } catch let error as StoreError where error.code == .conflict {
            // Another grant made at the same moment: the store's check in the insert's transaction.
            throw ManagementError(
                .conflict,
                "the domain '\(suffix)' is granted already, or overlaps one granted meanwhile; 'hearth tenant domains list' shows who holds it"
            )
        }
        context.logger.info("domain granted", metadata: ["tenant": "\(tenant.name)", "domain": "\(suffix)"])
        return try JSONResponse.make(TenantDomainDTO(domain), status: .created)
    }

    /// Takes a domain back; the tenant's host names that it covered stop routing at once (they are
    /// kept, disabled, with the reason).
    @Sendable func remove(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.requireAdmin("take domains from tenants")
        let tenant = try await store.visibleTenant(named: try context.parameter("tenant"), for: principal)
        let suffix = HostNameRules.canonicalSpelling(try context.parameter("domain"))
        guard try await store.removeTenantDomain(tenantID: tenant.id, suffix: suffix) else {
            throw ManagementError(
                .notFound,
                "tenant '\(tenant.name)' has no domain '\(suffix)'; 'hearth tenant domains list \(tenant.name)' shows its domains"
            )
        }
        let disabled = try await HostNameAudit(store: store, rules: HostNameRules(configuration), logger: context.logger).run(tenantID: tenant.id)
        context.logger.info(
            "domain taken back",
            metadata: ["tenant": "\(tenant.name)", "domain": "\(suffix)", "hostNamesDisabled": "\(disabled.count)"]
        )
        return JSONResponse.noContent()
    }
}
