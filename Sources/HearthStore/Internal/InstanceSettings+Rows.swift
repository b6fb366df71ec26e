import Foundation
import HearthCore

/// ``InstanceSettings`` as the name/value rows of the `instance_settings` table, the same on
/// every backend. A setting at its default has no row.
extension InstanceSettings {
    /// The rows for these settings.
    var rows: [(name: String, value: String)] {
        var rows: [(name: String, value: String)] = []
        if requireSecondFactor { rows.append(("requireSecondFactor", "true")) }
        if !tenantsRequiringSecondFactor.isEmpty {
            rows.append(("tenantsRequiringSecondFactor", tenantsRequiringSecondFactor.map(\.uuidString).sorted().joined(separator: ",")))
        }
        if let auditRetentionDays { rows.append(("auditRetentionDays", String(auditRetentionDays))) }
        if let portalURL { rows.append(("portalURL", portalURL)) }
        if let functionHostURL { rows.append(("functionHostURL", functionHostURL)) }
        if let kuduURL { rows.append(("kuduURL", kuduURL)) }
        return rows
    }

    /// The names ``rows`` may write; other names in the table are kept and ignored.
    static let rowNames = [
        "requireSecondFactor", "tenantsRequiringSecondFactor", "auditRetentionDays", "portalURL", "functionHostURL", "kuduURL",
    ]

    /// The settings the rows hold (defaults for names missing).
    init(rows: [String: String]) {
        let tenants = (rows["tenantsRequiringSecondFactor"] ?? "").split(separator: ",").compactMap { UUID(uuidString: String($0)) }
        self.init(
            requireSecondFactor: rows["requireSecondFactor"] == "true",
            tenantsRequiringSecondFactor: Set(tenants),
            auditRetentionDays: rows["auditRetentionDays"].flatMap { Int($0) },
            portalURL: rows["portalURL"],
            functionHostURL: rows["functionHostURL"],
            kuduURL: rows["kuduURL"]
        )
    }
}

extension User {
    /// The context a user's TOTP secret is sealed under (binds the ciphertext to its user).
    static func totpContext(_ id: UUID) -> String { "totp:\(id.uuidString)" }
}
