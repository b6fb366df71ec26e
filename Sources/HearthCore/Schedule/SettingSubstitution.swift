/// Expands `%Name%` app-setting references, as the Functions host does in binding properties such as a
/// timer's `schedule` or a queue's `queueName`.
///
/// A reference is `%` followed by one or more characters other than `%`, then `%`. `%%` and an unpaired
/// `%` are kept as written. Settings are matched exactly first, then case-insensitively. Setting names are matched exactly first, then case-insensitively.
///
/// ```swift
/// try SettingSubstitution.expand("%CleanupSchedule%", settings: ["CleanupSchedule": "0 0 3 * * *"])
/// // "0 0 3 * * *"
/// ```
public enum SettingSubstitution {
    /// Returns `s` with every `%Name%` replaced by the setting's value.
    /// - Parameters:
    ///   - s: The text.
    ///   - settings: App settings.
    /// - Throws: ``HearthError`` with code ``HearthError/Code/missingSetting`` naming the first missing setting.
    public static func expand(_ s: String, settings: [String: String]) throws(HearthError) -> String {
        guard s.contains("%") else { return s }
        var result = ""
        var rest = Substring(s)
        while let open = rest.firstIndex(of: "%") {
            result += rest[..<open]
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "%") else {
                // An unpaired '%' is kept literally.
                result += rest[open...]
                return result
            }
            guard close > afterOpen else {
                // "%%" is kept literally.
                result += "%%"
                rest = rest[rest.index(after: close)...]
                continue
            }
            let name = String(rest[afterOpen..<close])
            guard let value = lookup(name, in: settings) else {
                throw HearthError(
                    code: .missingSetting,
                    message: "'%\(name)%' refers to app setting '\(name)', which is not defined",
                    fix: "add the app setting '\(name)' or write the value directly instead of '%\(name)%'"
                )
            }
            result += value
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        return result
    }

    private static func lookup(_ name: String, in settings: [String: String]) -> String? {
        if let value = settings[name] { return value }
        let lower = name.lowercased()
        return settings.filter { $0.key.lowercased() == lower }.min(by: { $0.key < $1.key })?.value
    }
}
