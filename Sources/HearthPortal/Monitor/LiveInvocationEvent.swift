import Foundation
import HearthCore

/// An invocation as the live view receives it (the `data` of an `invocation` event), with its log lines.
struct LiveInvocationEvent: Codable, Equatable {
    var id: String
    var function: String
    var trigger: String
    var status: String
    var startedAt: String
    var duration: String
    var failed: Bool
    var error: String
    var logs: [String]

    init(_ record: InvocationRecord) {
        id = record.id.uuidString.lowercased()
        function = record.functionName
        trigger = record.trigger
        status = record.status.rawValue
        startedAt = PageEnvironment.format(record.startedAt)
        duration = record.durationMilliseconds.map { String(format: "%.1f ms", $0) } ?? ""
        failed = InvocationStats.isFailure(record.status)
        error = record.error ?? ""
        logs = record.logs
    }

    var serverSentEvent: ServerSentEvent {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return ServerSentEvent(event: "invocation", id: id, data: data)
    }
}
