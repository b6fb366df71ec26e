public import Foundation

/// What a worker last reported about an app it serves.
public struct AppStatus: Sendable, Hashable, Codable {
    /// `stopped`, `starting`, `running` or `failed`.
    public var state: String
    /// Why the app is in this state, for operators (`"executable exited with status 3 during start"`).
    public var reason: String?
    public var workerID: String?
    public var updatedAt: Date

    public init(state: String, reason: String? = nil, workerID: String? = nil, updatedAt: Date = Date()) {
        self.state = state
        self.reason = reason
        self.workerID = workerID
        self.updatedAt = updatedAt
    }
}
