/// `GET /api/tenants`.
struct TenantListDTO: Codable, Sendable {
    var tenants: [TenantDTO]
}
