internal import Foundation
internal import HearthCore

extension UpgradeReport {
    /// The report as JSON: two-space indent, `"key": value`, keys sorted at every level, absent values
    /// omitted, final newline.
    ///
    /// Schema version 1 (see the "Upgrade report schema" article):
    /// `{ "schemaVersion": 1, "app", "target", "source": { "sourceVersion", "languages", "workerRuntime"?,
    /// "signals": [{ "file", "line"?, "message" }] }, "output": { "mode", "directory"?, "backup"? },
    /// "files": { "created", "modified", "deleted" }, "changes": [{ "file", "line"?, "before"?, "after"?, "rule" }],
    /// "manualSteps": [{ "severity", "file"?, "line"?, "message", "fix", "rule" }],
    /// "summary": { "changes", "blocking", "warning", "info" }, "rules": { id: title } }`.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding these plain Codable values cannot fail, and JSONEncoder output always parses.
        let data = try! encoder.encode(self)
        let value = try! JSONValue.parse(data, file: "report.json")
        return Self.sortingKeys(value).serialized(pretty: true) + "\n"
    }

    private static func sortingKeys(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let entries): return .object(entries.sorted { $0.key < $1.key }.map { ($0.key, sortingKeys($0.value)) })
        case .array(let elements): return .array(elements.map(sortingKeys))
        default: return value
        }
    }
}
