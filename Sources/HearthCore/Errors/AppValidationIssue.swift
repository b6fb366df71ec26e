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
    /// The 1-based line in ``file`` where ``jsonPath`` is (or its closest ancestor, for a missing
    /// key), when the file was parsed; `nil` when it could not be read. Not part of ``description``,
    /// which keeps its form for the tools that read it.
    public var line: Int?

    /// Creates an issue.
    /// - Parameters:
    ///   - severity: Error or warning.
    ///   - file: The relative file path.
    ///   - jsonPath: The JSON path inside the file.
    ///   - problem: What is wrong.
    ///   - fix: What to do.
    ///   - line: The line of the JSON path in the file, when known.
    public init(severity: Severity, file: String, jsonPath: String, problem: String, fix: String, line: Int? = nil) {
        self.severity = severity
        self.file = file
        self.jsonPath = jsonPath
        self.problem = problem
        self.fix = fix
        self.line = line
    }

    /// `file jsonPath: problem. Fix: fix.`
    public var description: String {
        "\(file) \(jsonPath): \(problem.asSentence) Fix: \(fix.asSentence)"
    }
}
