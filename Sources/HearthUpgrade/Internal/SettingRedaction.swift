import HearthCore

/// App-setting values in reports. Settings can hold secrets (a storage connection string's
/// `AccountKey`, an instrumentation key …), and reports go to terminals, CI logs and files, so a
/// value is shown only for settings known to be configuration, never credentials.
enum SettingRedaction {
    static let hidden = JSONValue.string("<value hidden: settings may hold secrets>")

    /// Prefixes and names whose values are plain configuration.
    private static let safePrefixes = ["functions_", "azurefunctionsjobhost__", "azurewebjobs.", "azurewebjobs_"]
    private static let safeNames: Set<String> = [
        "azurewebjobsfeatureflags", "website_node_default_version", "azurefunctionswebhost__hostid", "website_time_zone",
        "azurewebjobssecretstoragetype", "website_override_sticky_extension_versions",
    ]

    static func isSafe(_ key: String) -> Bool {
        let lower = key.lowercased()
        if lower.hasPrefix("azurewebjobsstorage") || lower.hasPrefix("azurewebjobsdashboard") { return false }
        return safeNames.contains(lower) || safePrefixes.contains { lower.hasPrefix($0) }
    }

    /// `Values.KEY = value` for the report, with the value hidden unless the setting is known safe.
    static func describe(_ key: String, _ value: JSONValue) -> String {
        JSONValue.describe(["Values", key], isSafe(key) ? value : hidden)
    }
}
