/// Why a publish profile (`.PublishSettings`) was refused.
///
/// ``message`` names the problem and the fix; ``line`` and ``column`` (1-based) say where in the
/// file, when the problem has a place. Profiles hold passwords, so messages never quote attribute
/// values.
///
/// ```swift
/// do {
///     _ = try PublishSettings(parsing: data)
/// } catch let error where error.code == .forbiddenDTD {
///     print(error)  // "line 2, column 1: the profile has a DOCTYPE …"
/// }
/// ```
public struct ProfileError: Error, Sendable, CustomStringConvertible {
    /// The kind of problem. New codes may be added without breaking callers.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Wrapped: Sendable, Hashable {
            case tooLarge, malformed, forbiddenDTD, wrongRoot, missingAttribute, noProfiles, schemaViolation, internalFailure
        }

        private let wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// The file is larger than ``PublishSettings/ParseOptions/maxBytes``; it was not parsed.
        public static let tooLarge = Code(.tooLarge)
        /// The file is not well-formed XML (truncated, bad characters, mismatched tags).
        public static let malformed = Code(.malformed)
        /// The file has a `<!DOCTYPE …>`; refused outright, which rules out external entities (XXE)
        /// and entity expansion attacks ("billion laughs").
        public static let forbiddenDTD = Code(.forbiddenDTD)
        /// The root element is not `publishData`.
        public static let wrongRoot = Code(.wrongRoot)
        /// A `publishProfile` or `databases/add` element lacks an attribute the format requires.
        public static let missingAttribute = Code(.missingAttribute)
        /// The file has no `publishProfile` element.
        public static let noProfiles = Code(.noProfiles)
        /// The file does not validate against the publish-settings XSD.
        public static let schemaViolation = Code(.schemaViolation)
        /// libxml2 could not be set up (out of memory, broken schema); not the file's fault.
        public static let internalFailure = Code(.internalFailure)

        /// The code's name, e.g. `forbiddenDTD`.
        public var description: String { String(describing: wrapped) }
    }

    /// The kind of problem.
    public var code: Code
    /// What is wrong and what to do, without attribute values.
    public var message: String
    /// 1-based line of the problem, when it has a place.
    public var line: Int?
    /// 1-based column of the problem, when it has a place.
    public var column: Int?

    /// Creates an error.
    /// - Parameters:
    ///   - code: The kind of problem.
    ///   - message: What is wrong and the fix.
    ///   - line: 1-based line, if known.
    ///   - column: 1-based column, if known.
    public init(_ code: Code, _ message: String, line: Int? = nil, column: Int? = nil) {
        self.code = code
        self.message = message
        self.line = line
        self.column = column
    }

    /// `line L, column C: message` (or just the message when there is no place).
    public var description: String {
        switch (line, column) {
        case let (line?, column?): "line \(line), column \(column): \(message)"
        case let (line?, nil): "line \(line): \(message)"
        default: message
        }
    }
}
