import Foundation
import HearthCore

/// An API token without its secret. `token` is set only in the response that created it.
struct TokenDTO: Codable, Sendable {
    var id: UUID
    var name: String
    var role: String
    var tenant: String?
    var createdAt: Date
    var token: String?

    init(_ token: APIToken, tenantName: String?, secret: String? = nil) {
        id = token.id
        name = token.name
        role = token.role.rawValue
        tenant = tenantName
        createdAt = token.createdAt
        self.token = secret
    }
}
