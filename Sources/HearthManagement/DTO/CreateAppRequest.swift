/// `POST /api/apps` body. `tenant` may be left out by tenant-scoped tokens.
package struct CreateAppRequest: Codable, Sendable {
    package var name: String
    package var tenant: String?
    package var hostNames: [String]?

    package init(name: String, tenant: String?, hostNames: [String]?) {
        self.name = name
        self.tenant = tenant
        self.hostNames = hostNames
    }
}
