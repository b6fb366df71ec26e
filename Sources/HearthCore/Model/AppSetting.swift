public import Foundation

/// One app setting. Secret values are encrypted at rest and only shown to callers allowed to see them.
public struct AppSetting: Sendable, Hashable, Codable {
    public var name: String
    public var value: String
    public var isSecret: Bool
    public var updatedAt: Date

    public init(name: String, value: String, isSecret: Bool, updatedAt: Date = Date()) {
        self.name = name
        self.value = value
        self.isSecret = isSecret
        self.updatedAt = updatedAt
    }
}
