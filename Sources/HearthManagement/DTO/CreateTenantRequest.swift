/// `POST /api/tenants` body.
package struct CreateTenantRequest: Codable, Sendable {
    package var name: String

    package init(name: String) {
        self.name = name
    }
}
