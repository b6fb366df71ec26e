package import Foundation
import HearthCore

/// One invocation log entry.
package struct InvocationDTO: Codable, Sendable {
    package var id: UUID
    package var function: String
    package var trigger: String
    package var startedAt: Date
    package var durationMs: Double?
    package var status: String
    package var error: String?
    package var logs: [String]
    /// The worker (its name) that ran it.
    package var workerId: String?
    /// The worker process that ran it.
    package var workerInstance: String?
    /// The W3C `traceparent` it ran under (`00-{trace id}-{its span id}-{flags}`).
    package var traceParent: String?

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
        traceParent = record.traceParent
    }
}
