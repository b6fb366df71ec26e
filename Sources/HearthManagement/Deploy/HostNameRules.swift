import Foundation

/// Custom host names: lower-cased DNS names (labels of `a-z`, `0-9`, `-`, at most 63 characters,
/// at most 253 in all), not under the instance's base domain (those route by app name already).
enum HostNameRules {
    static func normalise(_ names: [String], baseDomain: String) throws -> [String] {
        var seen: Set<String> = []
        var result: [String] = []
        for raw in names {
            let name = raw.lowercased().trimmingCharacters(in: .whitespaces)
            try validate(name, original: raw)
            if name == baseDomain.lowercased() || name.hasSuffix("." + baseDomain.lowercased()) {
                throw ManagementError(
                    .invalidName,
                    "the host name '\(raw)' is under the instance's base domain '\(baseDomain)', where apps are reached by name already; use a name outside it")
            }
            if seen.insert(name).inserted { result.append(name) }
        }
        return result
    }

    static func validate(_ name: String, original: String) throws {
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        let valid = !name.isEmpty && name.count <= 253 && labels.count >= 2 && labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
        guard valid else {
            throw ManagementError(
                .invalidName,
                "'\(original)' is not a valid host name; use a DNS name such as 'orders.example.com' (letters, digits and '-' in dot-separated labels of at most 63 characters)")
        }
    }
}
