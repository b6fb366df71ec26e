/// A language (or programming model) found in a function app. A struct so new languages don't break callers.
public struct AppLanguage: RawRepresentable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The stable name used in reports, e.g. `javascript`.
    public var rawValue: String

    /// Creates a language from its name.
    /// - Parameter rawValue: The name.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// JavaScript, classic model (`module.exports = function (context, …)`). Worker runtime `node`.
    public static let javascript = AppLanguage(rawValue: "javascript")
    /// C# script (`run.csx`). Worker runtime `dotnet` (in-process).
    public static let csharpScript = AppLanguage(rawValue: "csharp-script")
    /// A compiled C# class library (`.csproj`). Upgraded to the isolated worker (`dotnet-isolated`).
    public static let csharpClassLibrary = AppLanguage(rawValue: "csharp-class-library")
    /// F# script (`run.fsx`); removed in 2.x.
    public static let fsharpScript = AppLanguage(rawValue: "fsharp-script")
    /// A compiled F# project (`.fsproj`).
    public static let fsharpClassLibrary = AppLanguage(rawValue: "fsharp-class-library")
    /// A custom handler (host.json `customHandler`). Worker runtime `custom`.
    public static let customHandler = AppLanguage(rawValue: "custom-handler")
    /// v1 experimental languages (none supported from 2.x in their v1 form).
    public static let python = AppLanguage(rawValue: "python")
    public static let powershell = AppLanguage(rawValue: "powershell")
    public static let php = AppLanguage(rawValue: "php")
    public static let bash = AppLanguage(rawValue: "bash")
    public static let batch = AppLanguage(rawValue: "batch")
    public static let typescript = AppLanguage(rawValue: "typescript")

    /// The v4 `FUNCTIONS_WORKER_RUNTIME` for this language, or `nil` when there is no automatic path.
    public var workerRuntime: String? {
        switch self {
        case .javascript: return "node"
        case .csharpScript: return "dotnet"
        case .csharpClassLibrary: return "dotnet-isolated"
        case .customHandler: return "custom"
        default: return nil
        }
    }

    /// Whether the upgrade can carry this language to v4 by itself.
    public var isUpgradable: Bool { workerRuntime != nil }

    public static func < (lhs: AppLanguage, rhs: AppLanguage) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
