/// `POST /api/tokens` body.
package struct CreateTokenRequest: Codable, Sendable {
    package var name: String
    package var role: String
    package var tenant: String?

    package init(name: String, role: String, tenant: String?) {
        self.name = name
        self.role = role
        self.tenant = tenant
    }
}
