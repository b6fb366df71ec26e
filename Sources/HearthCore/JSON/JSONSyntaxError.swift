/// A JSON document that could not be parsed, with the position of the problem.
///
/// `line` and `column` are 1-based; the column counts Unicode scalars, so it matches what an editor shows.
///
/// ```swift
/// // host.json:3:14: expected ',' or '}' after object member — fix the JSON syntax at that position
/// print(error)
/// ```
public struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file the document came from, as given to ``JSONValue/parse(_:file:)``.
    public var file: String
    /// The 1-based line of the problem.
    public var line: Int
    /// The 1-based column (in Unicode scalars) of the problem.
    public var column: Int
    /// What is wrong, e.g. `expected ',' or '}' after object member`.
    public var message: String
    /// What to do about it; defaults to `fix the JSON syntax at that position`.
    public var fix: String

    /// Creates a syntax error.
    /// - Parameters:
    ///   - file: The file name used in ``description``.
    ///   - line: 1-based line.
    ///   - column: 1-based column.
    ///   - message: The problem.
    ///   - fix: The remedy.
    public init(file: String, line: Int, column: Int, message: String, fix: String = "fix the JSON syntax at that position") {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.fix = fix
    }

    /// `file:line:column: message — fix`.
    public var description: String {
        "\(file):\(line):\(column): \(message) — \(fix)"
    }
}
