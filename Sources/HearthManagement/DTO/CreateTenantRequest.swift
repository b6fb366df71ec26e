/// `POST /api/tenants` body.
struct CreateTenantRequest: Decodable {
    var name: String
}
