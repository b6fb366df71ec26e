/// An app setting the upgraded app needs on the server, not only in `local.settings.json`: the
/// worker runtime, the extension version, and `AzureWebJobs.<Function>.Disabled` for each function
/// v1 disabled in its function.json. A deploy-time upgrade applies these to the app's settings.
public struct ImpliedSetting: Sendable, Hashable {
    /// Where the value comes from.
    public enum Value: Sendable, Hashable {
        /// This value.
        case literal(String)
        /// The value of another app setting (a v1 `"disabled": "SettingName"`); nothing when the app
        /// has no such setting.
        case copy(of: String)
    }

    /// The setting's name, e.g. `AzureWebJobs.Hello.Disabled`.
    public var name: String
    /// Its value.
    public var value: Value
    /// The id of the ``UpgradeRule`` behind it.
    public var rule: String

    /// Creates an implied setting.
    public init(name: String, value: Value, rule: String) {
        self.name = name
        self.value = value
        self.rule = rule
    }
}
