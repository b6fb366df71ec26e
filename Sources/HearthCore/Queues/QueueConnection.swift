public import Foundation

/// The queue account a queue binding's `connection` names, read from the app's settings the way
/// the Azure host reads them.
///
/// `connection` names an app setting (tried as written, then as `AzureWebJobs<connection>`); no
/// `connection` means `AzureWebJobsStorage`. A missing setting or `UseDevelopmentStorage=true`
/// means the tenant's default account; `AccountName=…;AccountKey=…` means that account, checked
/// against the store by ``QueueAccountResolver``.
public enum QueueConnection: Equatable, Sendable {
    /// The app's tenant's default account.
    case tenantDefault
    /// A named account; `key` must be one of its keys. `setting` is the app setting it came from.
    case account(name: String, key: Data, setting: String)

    /// The setting a binding with no `connection` uses.
    public static let defaultSetting = "AzureWebJobsStorage"

    /// Resolves `connection` against `settings`; `function` names the function in errors.
    /// - Throws: ``QueueBindingError`` for a connection string without an account name or key, or
    ///   with a key that is not base64. The message names the function and the setting, never the value.
    public static func resolve(connection: String?, settings: [String: String], function: String) throws(QueueBindingError) -> QueueConnection {
        let name = connection.flatMap { $0.isEmpty ? nil : $0 } ?? defaultSetting
        let candidates = name == defaultSetting ? [name] : [name, "AzureWebJobs" + name]
        guard let setting = candidates.first(where: { settings[$0] != nil }), let value = settings[setting] else {
            return .tenantDefault
        }
        let fields = parse(value)
        if fields["usedevelopmentstorage"]?.lowercased() == "true" { return .tenantDefault }
        let account = fields["accountname"] ?? ""
        let key = fields["accountkey"] ?? ""
        guard !account.isEmpty, !key.isEmpty else {
            if value.trimmingCharacters(in: .whitespaces).isEmpty { return .tenantDefault }
            throw QueueBindingError(
                "function '\(function)': app setting '\(setting)' is not a queue connection string Hearth can use: it needs "
                    + "AccountName=…;AccountKey=… of a queue account of the app's tenant, or UseDevelopmentStorage=true"
            )
        }
        guard let bytes = Data(base64Encoded: key) else {
            throw QueueBindingError("function '\(function)': the AccountKey in app setting '\(setting)' is not base64")
        }
        return .account(name: account.lowercased(), key: bytes, setting: setting)
    }

    /// `Name=Value;Name=Value` with names lower-cased; a value keeps any `=` after the first.
    private static func parse(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for part in text.split(separator: ";") {
            guard let equals = part.firstIndex(of: "=") else { continue }
            let name = part[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            fields[name] = part[part.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }
}
