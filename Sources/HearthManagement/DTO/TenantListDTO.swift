/// `GET /api/tenants`.
package struct TenantListDTO: Codable, Sendable {
    package var tenants: [TenantDTO]
}
