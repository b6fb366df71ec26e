package import Foundation
package import HearthCore
package import HearthStore

/// Reset to factory defaults: everything the instance holds goes, and it starts again as on its
/// first start.
///
/// In order: the whole audit log is exported to `<data dir>/audit-before-reset-<UTC time>.jsonl`
/// (mode 0600); the store is emptied (``ManagementStore/resetToFactory()``: tenants, apps,
/// deployments, keys, secrets, users, tokens, logs; workers stop apps that vanish); the master key
/// in `master.key` is replaced (not when it comes from `HEARTH_MASTER_KEY`, which Hearth cannot
/// change); the reset is the new log's first event; a new first admin with a setup link and a new
/// admin API token are created, each shown once.
package struct FactoryReset: Sendable {
    /// What a reset produced, to show once.
    package struct Outcome: Sendable {
        /// The audit log as it was before the reset.
        package var auditFile: URL
        package var exportedEvents: Int
        /// The first admin's setup link token (the link is `{portal}/setup/{token}`).
        package var setupToken: String
        /// The new instance admin API token.
        package var adminToken: String
        /// What happened to the master key, for the operator.
        package var masterKey: String
    }

    /// The confirmation a reset needs, typed in full.
    package static let confirmation = "reset"

    let store: any ManagementStore
    let dataDirectory: URL
    let environment: [String: String]

    package init(store: any ManagementStore, dataDirectory: URL, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.store = store
        self.dataDirectory = dataDirectory
        self.environment = environment
    }

    /// Whether `typed` is the confirmation (surrounding spaces ignored, case not).
    package static func isConfirmed(_ typed: String?) -> Bool {
        typed?.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() == confirmation
    }

    /// Runs the reset as `actor` (from `address`, when a browser asked).
    package func run(actor: AuditEvent.Actor, address: String? = nil, now: Date = Date()) async throws -> Outcome {
        let stamp = Self.timestamp(now)
        let file = dataDirectory.appendingPathComponent("audit-before-reset-\(stamp).jsonl")
        let exported = try await AuditExport(store: store).write(to: file)
        try await store.resetToFactory()
        let masterKey = try replaceMasterKey()
        try await store.appendAudit(
            AuditEvent(at: now, actor: actor, action: "instance.reset", target: "instance", address: address, detail: "factory reset")
        )
        guard let setupToken = try await FirstAdmin.ensure(store: store, now: now),
            let adminToken = try await AdminBootstrap.ensureAdminToken(store: store)
        else {
            throw StoreError(.invalidState, "the store still had users or tokens after the reset; run the reset again")
        }
        return Outcome(auditFile: file, exportedEvents: exported, setupToken: setupToken, adminToken: adminToken, masterKey: masterKey)
    }

    /// Puts a new primary key first in `master.key`, or says why not.
    func replaceMasterKey() throws -> String {
        if let text = environment[MasterKey.environmentVariable], !text.isEmpty {
            return "the master key comes from \(MasterKey.environmentVariable), which Hearth cannot replace: "
                + "set a new one ('hearth secrets new-key') on every role and restart them"
        }
        let key = MasterKey.generate()
        try MasterKey.installPrimary(key, dataDirectory: dataDirectory)
        return "master key replaced by key \(SecretCipher.id(of: key)) in \(MasterKey.fileName); roles running now seal with the old "
            + "key until restarted, so it stays as a second key: after restarting them, 'hearth secrets rotate-master-key --retire' removes it"
    }

    /// `20260131T120000.123Z`.
    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss.SSS'Z'"
        return formatter.string(from: date)
    }
}
