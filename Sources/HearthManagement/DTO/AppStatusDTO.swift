package import Foundation
package import HearthCore

/// What a worker last reported about an app.
package struct AppStatusDTO: Codable, Sendable {
    package var state: String
    package var reason: String?
    package var workerId: String?
    package var updatedAt: Date

    package init(_ status: AppStatus) {
        state = status.state
        reason = status.reason
        workerId = status.workerID
        updatedAt = status.updatedAt
    }
}
