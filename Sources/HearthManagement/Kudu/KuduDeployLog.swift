import Foundation
import HearthCore

/// Hearth's deployment log lines (`<ISO 8601 time> <text>`) read and written the Kudu way.
///
/// The store's ``Deployment`` has no columns for Kudu's `deployer` and `author_email`; the Kudu
/// endpoint records them as log lines (`deployer: ZipDeploy`, `author email: …`) and reads them back
/// from there.
enum KuduDeployLog {
    static let deployerPrefix = "deployer: "
    static let authorEmailPrefix = "author email: "

    /// A log line stamped now.
    static func line(_ text: String, at date: Date = Date()) -> String {
        "\(UTCTimestamp.iso8601(date)) \(text)"
    }

    /// Splits a line into its time and text (lines without a time keep all their text).
    static func split(_ line: String) -> (time: Date?, text: String) {
        guard let space = line.firstIndex(of: " ") else { return (nil, line) }
        let stamp = String(line[..<space])
        guard let time = try? Date(stamp, strategy: .iso8601) else { return (nil, line) }
        return (time, String(line[line.index(after: space)...]))
    }

    /// The text after `prefix` in the first line that has it.
    static func value(_ prefix: String, in log: [String]) -> String? {
        for line in log {
            let text = split(line).text
            if text.hasPrefix(prefix) { return String(text.dropFirst(prefix.count)) }
        }
        return nil
    }
}
