import Foundation
import HearthCore

/// A tenant as the API returns it.
struct TenantDTO: Codable, Sendable {
    var id: UUID
    var name: String
    var createdAt: Date

    init(_ tenant: Tenant) {
        id = tenant.id
        name = tenant.name
        createdAt = tenant.createdAt
    }
}
