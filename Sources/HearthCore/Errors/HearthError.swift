/// An error from HearthCore's parsers and validators (names, schedules, time spans, routes, settings).
///
/// The ``code`` says what kind of problem it is; ``message`` is a complete sentence for a person,
/// naming the bad input and the fix. App-folder problems are reported as ``AppValidationError`` instead.
///
/// ```swift
/// do {
///     _ = try CronSchedule(parsing: "0 * * *")
/// } catch let error where error.code == .invalidCron {
///     print(error)  // the message, with the fix
/// }
/// ```
public struct HearthError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The kind of error. New codes may be added without breaking callers.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Wrapped: Sendable, Hashable {
            case invalidName, invalidCron, invalidTimeSpan, invalidRoute, invalidArgument, missingSetting
        }

        private let wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// An app, tenant or key name breaks the naming rules.
        public static let invalidName = Code(.invalidName)
        /// An NCRONTAB expression cannot be parsed.
        public static let invalidCron = Code(.invalidCron)
        /// A .NET TimeSpan (`hh:mm:ss`, `d.hh:mm:ss`) cannot be parsed or is out of range.
        public static let invalidTimeSpan = Code(.invalidTimeSpan)
        /// A route template cannot be parsed.
        public static let invalidRoute = Code(.invalidRoute)
        /// Some other argument is invalid.
        public static let invalidArgument = Code(.invalidArgument)
        /// A `%Name%` reference names an app setting that does not exist.
        public static let missingSetting = Code(.missingSetting)

        /// The code's name, e.g. `invalidCron`.
        public var description: String {
            switch wrapped {
            case .invalidName: "invalidName"
            case .invalidCron: "invalidCron"
            case .invalidTimeSpan: "invalidTimeSpan"
            case .invalidRoute: "invalidRoute"
            case .invalidArgument: "invalidArgument"
            case .missingSetting: "missingSetting"
            }
        }
    }

    /// The kind of error.
    public var code: Code
    /// What is wrong, naming the offending input (no trailing period).
    public var message: String
    /// What to do about it, if there is a specific remedy (no trailing period).
    public var fix: String?
    /// The underlying error, if any.
    public var cause: (any Error & Sendable)?
    /// Where the error was created.
    public var location: SourceLocation

    /// The source position an error was created at.
    public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
        /// The file (`#fileID`).
        public var file: String
        /// The line.
        public var line: Int
        /// Creates a location.
        /// - Parameters:
        ///   - file: The file id.
        ///   - line: The line.
        public init(file: String, line: Int) {
            self.file = file
            self.line = line
        }
        /// `file:line`.
        public var description: String { "\(file):\(line)" }
    }

    /// Creates an error.
    /// - Parameters:
    ///   - code: The kind of error.
    ///   - message: What is wrong, naming the offending input.
    ///   - fix: What to do about it.
    ///   - cause: The underlying error.
    public init(code: Code, message: String, fix: String? = nil, cause: (any Error & Sendable)? = nil, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.fix = fix
        self.cause = cause
        self.location = SourceLocation(file: file, line: line)
    }

    /// `message. Fix: fix.` It names the offending input and the fix, and never contains secrets.
    public var description: String {
        guard let fix else { return message }
        return "\(message.asSentence) Fix: \(fix.asSentence)"
    }

    /// Code, message, cause and call site, for logs and debugging.
    public var debugDescription: String {
        var text = "HearthError(\(code)): \(description) [at \(location)]"
        if let cause { text += " (cause: \(String(reflecting: cause)))" }
        return text
    }
}
