import Foundation
import HearthCore

/// What a worker last reported about an app.
struct AppStatusDTO: Codable, Sendable {
    var state: String
    var reason: String?
    var workerId: String?
    var updatedAt: Date

    init(_ status: AppStatus) {
        state = status.state
        reason = status.reason
        workerId = status.workerID
        updatedAt = status.updatedAt
    }
}
