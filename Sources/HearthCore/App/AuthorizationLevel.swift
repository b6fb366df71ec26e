/// The authorization level an HTTP trigger requires (`authLevel` in function.json) or a key grants.
///
/// Levels are ordered: a key granting a level at or above the required one passes.
public enum AuthorizationLevel: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    /// No key needed.
    case anonymous = 0
    /// Reserved by Azure for App Service authentication; treated as a level between anonymous and function.
    case user = 1
    /// A function key or host key.
    case function = 2
    /// A system key.
    case system = 3
    /// The master key.
    case admin = 4

    /// Reads the function.json spelling (`anonymous`, `function`, `admin`, …), in any case.
    /// - Parameter jsonName: The text.
    public init?(jsonName: String) {
        guard let level = Self.allCases.first(where: { $0.jsonName == jsonName.lowercased() }) else { return nil }
        self = level
    }

    /// The function.json spelling, lower-case.
    public var jsonName: String {
        switch self {
        case .anonymous: "anonymous"
        case .user: "user"
        case .function: "function"
        case .system: "system"
        case .admin: "admin"
        }
    }

    /// The function.json spelling.
    public var description: String { jsonName }

    /// Orders by privilege.
    public static func < (lhs: AuthorizationLevel, rhs: AuthorizationLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}
