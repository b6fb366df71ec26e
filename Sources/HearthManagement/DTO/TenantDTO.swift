package import Foundation
import HearthCore

/// A tenant as the API returns it.
package struct TenantDTO: Codable, Sendable {
    package var id: UUID
    package var name: String
    package var createdAt: Date

    init(_ tenant: Tenant) {
        id = tenant.id
        name = tenant.name
        createdAt = tenant.createdAt
    }
}
