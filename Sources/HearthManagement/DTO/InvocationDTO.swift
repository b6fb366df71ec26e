import Foundation
import HearthCore

/// One invocation log entry.
struct InvocationDTO: Codable, Sendable {
    var id: UUID
    var function: String
    var trigger: String
    var startedAt: Date
    var durationMs: Double?
    var status: String
    var error: String?
    var logs: [String]
    /// The worker (its name) that ran it.
    var workerId: String?
    /// The worker process that ran it.
    var workerInstance: String?

    init(_ record: InvocationRecord) {
        id = record.id
        function = record.functionName
        trigger = record.trigger
        startedAt = record.startedAt
        durationMs = record.durationMilliseconds
        status = record.status.rawValue
        error = record.error
        logs = record.logs
        workerId = record.workerID
        workerInstance = record.workerInstance
    }
}
