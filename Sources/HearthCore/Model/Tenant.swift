public import Foundation

/// An organisational unit that owns function apps. API tokens may be scoped to one tenant.
public struct Tenant: Sendable, Hashable, Codable {
    public var id: UUID
    /// A DNS label, unique in the instance.
    public var name: String
    public var createdAt: Date

    public init(id: UUID = UUID(), name: String, createdAt: Date = Date()) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }
}
