package import Foundation

/// One entry of `GET /api/deployments/{id}/log`, Kudu's `LogEntry` shape: `type` 0 message,
/// 1 warning, 2 error.
package struct DeployLogEntryDTO: Encodable, Sendable {
    package var logTime: Date?
    package var id: String
    package var message: String
    package var type: Int
    package var detailsUrl: String?

    enum CodingKeys: String, CodingKey {
        case id, message, type
        case logTime = "log_time"
        case detailsUrl = "details_url"
    }

    init(line: String, index: Int) {
        let (time, text) = KuduDeployLog.split(line)
        logTime = time
        id = String(index)
        message = text
        let lowered = text.lowercased()
        type = lowered.hasPrefix("error") || lowered.hasPrefix("failed") ? 2 : lowered.hasPrefix("warning") ? 1 : 0
        detailsUrl = nil
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if let logTime { try c.encode(logTime, forKey: .logTime) } else { try c.encodeNil(forKey: .logTime) }
        try c.encode(id, forKey: .id)
        try c.encode(message, forKey: .message)
        try c.encode(type, forKey: .type)
        try c.encodeNil(forKey: .detailsUrl)
    }
}
