import Foundation

/// An error from a ``Store``. `description` is safe to show to API callers; it never contains SQL
/// arguments or secret values.
public struct StoreError: Error, CustomStringConvertible, CustomDebugStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case notFound, conflict, invalidState, migration, corrupt, unavailable, configuration
        }
        private var wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// A referenced row does not exist.
        public static let notFound = Code(.notFound)
        /// A unique name or key is already taken.
        public static let conflict = Code(.conflict)
        /// The operation does not fit the row's state (activating a failed deployment …).
        public static let invalidState = Code(.invalidState)
        /// The schema is not at the version this binary needs, or a migration failed.
        public static let migration = Code(.migration)
        /// Stored data cannot be read back (wrong master key, damaged ciphertext).
        public static let corrupt = Code(.corrupt)
        /// The database cannot be reached or opened.
        public static let unavailable = Code(.unavailable)
        /// The store's configuration is wrong (bad path, bad key file …).
        public static let configuration = Code(.configuration)

        public var description: String { String(describing: wrapped) }
    }

    public var code: Code
    public var message: String
    public var cause: (any Error)?

    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String { message }
    public var debugDescription: String {
        if let cause { return "StoreError(\(code)): \(message) (cause: \(String(reflecting: cause)))" }
        return "StoreError(\(code)): \(message)"
    }
}
