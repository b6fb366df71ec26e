/// Certificate or key files that cannot be served: which file, what is wrong, how to fix it. Never
/// contains the key's contents.
public struct TLSFilesError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, as a value callers can match.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case missing, unreadable, badCertificate, badKey, keyMismatch
        }
        private let value: Value
        public static let missing = Code(value: .missing)
        public static let unreadable = Code(value: .unreadable)
        public static let badCertificate = Code(value: .badCertificate)
        public static let badKey = Code(value: .badKey)
        public static let keyMismatch = Code(value: .keyMismatch)
        public var description: String { "\(value)" }
    }

    public let code: Code
    /// The file concerned.
    public let path: String
    /// What is wrong and how to fix it.
    public let message: String

    init(_ code: Code, path: String, _ message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String { message }
}
