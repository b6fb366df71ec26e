package import Foundation
import HearthCore

/// An API token without its secret. `token` is set only in the response that created it.
package struct TokenDTO: Codable, Sendable {
    package var id: UUID
    package var name: String
    package var role: String
    package var tenant: String?
    package var createdAt: Date
    package var token: String?

    init(_ token: APIToken, tenantName: String?, secret: String? = nil) {
        id = token.id
        name = token.name
        role = token.role.rawValue
        tenant = tenantName
        createdAt = token.createdAt
        self.token = secret
    }
}
