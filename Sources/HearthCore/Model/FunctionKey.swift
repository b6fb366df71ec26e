public import Foundation

/// A key that callers present (`x-functions-key` or `code`) to invoke functions, shaped like the
/// Azure Functions host's keys: one master key, host function keys, system keys and per-function keys.
public struct FunctionKey: Sendable, Hashable, Codable {
    /// Which kind of key this is. Raw values are what the store and API use.
    public struct Scope: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The single master key (admin level), named `master`.
        public static let master = Scope(rawValue: "master")
        /// Host function keys: function level, valid for every function of the app.
        public static let host = Scope(rawValue: "host")
        /// System keys: system level, used by extensions.
        public static let system = Scope(rawValue: "system")
        /// Keys of one function.
        public static let function = Scope(rawValue: "function")
        public var description: String { rawValue }
    }

    public var scope: Scope
    /// The function's name for `.function` keys, else `nil`.
    public var functionName: String?
    public var name: String
    public var value: String
    public var createdAt: Date
    public var updatedAt: Date

    public init(scope: Scope, functionName: String? = nil, name: String, value: String, createdAt: Date = Date(), updatedAt: Date = Date()) {
        self.scope = scope
        self.functionName = functionName
        self.name = name
        self.value = value
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
