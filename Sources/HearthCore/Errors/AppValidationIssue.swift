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
    /// Where ``jsonPath`` starts in the file (the member's key, or the nearest enclosing value when
    /// the member is missing); `nil` when the file could not be read or parsed that far.
    public var position: JSONPosition?

    /// Creates an issue.
    /// - Parameters:
    ///   - severity: Error or warning.
    ///   - file: The relative file path.
    ///   - jsonPath: The JSON path inside the file.
    ///   - problem: What is wrong.
    ///   - fix: What to do.
    ///   - position: Where the path starts in the file, if known.
    public init(severity: Severity, file: String, jsonPath: String, problem: String, fix: String, position: JSONPosition? = nil) {
        self.severity = severity
        self.file = file
        self.jsonPath = jsonPath
        self.problem = problem
        self.fix = fix
        self.position = position
    }

    /// `file:line:column` when the position is known, else the file, as compilers and editors write it.
    public var location: String {
        position.map { "\(file):\($0)" } ?? file
    }

    /// `file jsonPath: problem. Fix: fix.`
    public var description: String {
        "\(file) \(jsonPath): \(problem.asSentence) Fix: \(fix.asSentence)"
    }
}
