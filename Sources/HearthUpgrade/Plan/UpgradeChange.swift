/// One edit the upgrade makes to one file: where, what it was, what it becomes, and the rule behind it.
///
/// `line` is the 1-based line in the **original** file (the line of the key, binding or statement
/// that changed); it is `nil` only for a file that did not exist before. `before` is `nil` for
/// additions, `after` is `nil` for removals.
///
/// ```
/// host.json:2  queues.maxPollingInterval: 2000 → extensions.queues.maxPollingInterval: "00:00:02"  [host.queues.max-polling-interval]
/// ```
public struct UpgradeChange: Sendable, Hashable, Codable {
    /// The file, relative to the app root with forward slashes.
    public var file: String
    /// The 1-based line in the original file, or `nil` for a created file.
    public var line: Int?
    /// What was there (a line of code, or `path: value` for JSON); `nil` for an addition.
    public var before: String?
    /// What is there now; `nil` for a removal.
    public var after: String?
    /// The id of the ``UpgradeRule`` that made the change, e.g. `host.queues.max-polling-interval`.
    public var rule: String

    /// Creates a change.
    /// - Parameters:
    ///   - file: The relative file path.
    ///   - line: The line in the original file.
    ///   - before: The old text, if any.
    ///   - after: The new text, if any.
    ///   - rule: The rule id.
    public init(file: String, line: Int?, before: String?, after: String?, rule: String) {
        self.file = file
        self.line = line
        self.before = before
        self.after = after
        self.rule = rule
    }
}
