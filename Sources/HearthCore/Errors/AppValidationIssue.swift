/// One problem found in a function app folder: the file, the JSON path inside it, what is wrong, and the fix.
///
/// ```
/// HttpHello/function.json $.bindings[0].schedule: '0 * * *' is not a valid NCRONTAB expression: … Fix: write a 6-field expression such as "0 */5 * * * *".
/// ```
public struct AppValidationIssue: Sendable, Hashable, CustomStringConvertible {
    /// Whether an issue stops the app from loading.
    public enum Severity: Sendable, Hashable {
        /// The app cannot be loaded.
        case error
        /// The app loads, but something is ignored or deprecated.
        case warning
    }

    /// Whether the issue stops the app from loading.
    public var severity: Severity
    /// The file, relative to the app root with forward slashes, e.g. `HttpHello/function.json`.
    public var file: String
    /// The location inside the file's JSON, e.g. `$.bindings[0].route`, or `$` for the whole file.
    public var jsonPath: String
    /// What is wrong, as a sentence without the fix.
    public var problem: String
    /// What to do about it.
    public var fix: String

    /// Creates an issue.
    /// - Parameters:
    ///   - severity: Error or warning.
    ///   - file: The relative file path.
    ///   - jsonPath: The JSON path inside the file.
    ///   - problem: What is wrong.
    ///   - fix: What to do.
    public init(severity: Severity, file: String, jsonPath: String, problem: String, fix: String) {
        self.severity = severity
        self.file = file
        self.jsonPath = jsonPath
        self.problem = problem
        self.fix = fix
    }

    /// `file jsonPath: problem. Fix: fix.`
    public var description: String {
        "\(file) \(jsonPath): \(problem.asSentence) Fix: \(fix.asSentence)"
    }
}
