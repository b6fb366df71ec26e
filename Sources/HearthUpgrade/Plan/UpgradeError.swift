/// Why an upgrade could not be planned or applied. Nothing is written when this is thrown.
///
/// ```
/// host.json:3:14: expected ',' or '}' after object member — fix the JSON syntax at that position
/// ```
public struct UpgradeError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The kind of failure. A struct wrapping a private enum, so new codes don't break callers.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Wrapped: Sendable, Hashable {
            case invalidInput, unsupportedTarget, notAFunctionApp, outputNotEmpty, readFailed, writeFailed
        }

        private var wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// A file could not be parsed (JSON syntax, unreadable text); ``UpgradeError/file``, `line`, `column` say where.
        public static let invalidInput = Code(.invalidInput)
        /// `--to` named a version other than `v4`.
        public static let unsupportedTarget = Code(.unsupportedTarget)
        /// The folder does not exist or holds no function app.
        public static let notAFunctionApp = Code(.notAFunctionApp)
        /// `--out` names a folder that exists and is not empty.
        public static let outputNotEmpty = Code(.outputNotEmpty)
        /// A file could not be read.
        public static let readFailed = Code(.readFailed)
        /// A file could not be written, copied or removed.
        public static let writeFailed = Code(.writeFailed)

        public var description: String { String(describing: wrapped) }
    }

    /// The kind of failure.
    public var code: Code
    /// The problem, as a sentence.
    public var message: String
    /// The file involved, relative to the app root (or absolute for output paths), if any.
    public var file: String?
    /// The 1-based line in ``file``, for parse errors.
    public var line: Int?
    /// The 1-based column in ``file``, for parse errors.
    public var column: Int?
    /// The underlying error, if any.
    public var cause: (any Error)?

    /// Creates an error.
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - message: The problem.
    ///   - file: The file involved.
    ///   - line: The line, for parse errors.
    ///   - column: The column, for parse errors.
    ///   - cause: The underlying error.
    public init(code: Code, message: String, file: String? = nil, line: Int? = nil, column: Int? = nil, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.cause = cause
    }

    /// `file:line:column: message`, as compilers print it.
    public var description: String {
        var location = ""
        if let file {
            location = file
            if let line { location += ":\(line)" }
            if let column { location += ":\(column)" }
            location += ": "
        }
        return location + message
    }

    public var debugDescription: String {
        guard let cause else { return "UpgradeError(\(code)): \(description)" }
        return "UpgradeError(\(code)): \(description) (cause: \(String(reflecting: cause)))"
    }
}
