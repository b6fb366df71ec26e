/// Settings for ``UpgradePlanner``. Defaults match `hearth upgrade` without options.
public struct UpgradeOptions: Sendable, Hashable {
    /// The target runtime; only `v4` is supported.
    public var target: String = "v4"
    /// The target framework for converted C# class libraries: `net8.0` (default) or `net48`
    /// (.NET Framework isolated, for apps with Framework-only dependencies).
    public var classLibraryFramework: String = "net8.0"

    /// Creates options.
    /// - Parameters:
    ///   - target: The target runtime, `v4`.
    ///   - classLibraryFramework: `net8.0` or `net48`.
    public init(target: String = "v4", classLibraryFramework: String = "net8.0") {
        self.target = target
        self.classLibraryFramework = classLibraryFramework
    }

    /// The targets ``UpgradePlanner`` accepts.
    public static let supportedTargets: Set<String> = ["v4"]
}
