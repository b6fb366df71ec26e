public import Foundation

/// A queue in a queue account.
public struct QueueRecord: Sendable, Hashable, Codable {
    public var id: UUID
    public var accountID: UUID
    public var name: QueueName
    /// User metadata (Azure's `x-ms-meta-*` headers), names compared as given.
    public var metadata: [String: String]
    public var createdAt: Date

    public init(id: UUID = UUID(), accountID: UUID, name: QueueName, metadata: [String: String] = [:], createdAt: Date = Date()) {
        self.id = id
        self.accountID = accountID
        self.name = name
        self.metadata = metadata
        self.createdAt = createdAt
    }
}
