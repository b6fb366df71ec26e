import Foundation

/// The fields of an `application/x-www-form-urlencoded` body.
struct PortalForm: Sendable {
    var fields: [String: String] = [:]

    init(fields: [String: String] = [:]) {
        self.fields = fields
    }

    /// Parses `a=1&b=two+words`; a field sent twice keeps its last value.
    init(urlencoded text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            fields[name] = value
        }
    }

    subscript(_ name: String) -> String? { fields[name] }

    /// A field's value, trimmed; `nil` when absent or blank.
    func trimmed(_ name: String) -> String? {
        guard let value = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    private static func decode(_ part: Substring) -> String {
        let spaced = part.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
