import Foundation

/// App setting names: non-empty, at most 256 characters, no `=` and no NUL (they become
/// environment variables of the function process).
package enum SettingNameRules {
    package static func validate(_ name: String) throws {
        guard !name.isEmpty, name.count <= 256, !name.contains("="), !name.contains("\u{0}") else {
            let shown = String(name.prefix(64)).replacingOccurrences(of: "\u{0}", with: "\\0")
            throw ManagementError(
                .invalidName,
                "'\(shown)' is not a valid setting name; a name must be 1 to 256 characters without '=' or NUL (it becomes an environment variable)"
            )
        }
    }
}
