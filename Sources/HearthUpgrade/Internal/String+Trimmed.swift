internal import Foundation

extension String {
    /// The text without leading and trailing spaces and tabs (for report `before`/`after` of code lines).
    var trimmed: String { trimmingCharacters(in: .whitespaces) }
}
