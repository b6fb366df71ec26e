/// A function app that cannot be loaded, with every error found (not just the first).
///
/// ``description`` lists one issue per line.
public struct AppValidationError: Error, Sendable, CustomStringConvertible {
    /// The errors (severity ``AppValidationIssue/Severity/error``), in the order they were found.
    public var issues: [AppValidationIssue]

    /// Creates an error from issues.
    /// - Parameter issues: The errors; warnings passed here are dropped.
    public init(issues: [AppValidationIssue]) {
        self.issues = issues.filter { $0.severity == .error }
    }

    /// One issue per line.
    public var description: String {
        issues.map(\.description).joined(separator: "\n")
    }
}
