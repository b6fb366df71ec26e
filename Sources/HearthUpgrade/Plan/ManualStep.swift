/// Something the upgrade could not (or must not) do by itself, with how to do it.
///
/// ```
/// [blocking] Functions/Orders.cs:31 ICollector<T> has no isolated-worker equivalent. Fix: return the items …
/// ```
public struct ManualStep: Sendable, Hashable, Codable {
    /// How much the step matters: ``Severity/blocking`` means the upgraded app will not build or run
    /// correctly until it is done.
    public var severity: Severity
    /// The file the step is about, relative to the app root; `nil` for app-wide steps.
    public var file: String?
    /// The 1-based line in the original file, when the step is about one place.
    public var line: Int?
    /// What the problem or behaviour change is.
    public var message: String
    /// What to do about it.
    public var fix: String
    /// The id of the ``UpgradeRule`` that raised the step.
    public var rule: String

    /// Creates a manual step.
    /// - Parameters:
    ///   - severity: Blocking, warning or info.
    ///   - file: The relative file path, if the step is about a file.
    ///   - line: The line, if the step is about one place.
    ///   - message: The problem.
    ///   - fix: The remedy.
    ///   - rule: The rule id.
    public init(severity: Severity, file: String?, line: Int?, message: String, fix: String, rule: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.message = message
        self.fix = fix
        self.rule = rule
    }
}
