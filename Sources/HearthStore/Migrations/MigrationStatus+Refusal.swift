import Foundation

extension MigrationStatus {
    /// Why a store must not run on this schema, or `nil` when pending migrations are the only
    /// difference. Shared by the SQLite self-migration and the SQL Server start-up check.
    ///
    /// - Parameter repair: the command that records a reviewed edit or clears failed rows.
    public func drift(repair: String) -> String? {
        if let newer = unknownIncompatible.first {
            let known = knownVersionLimit.map { " (this binary knows up to \($0))" } ?? ""
            let version = "\(newer.version) (\(newer.description))"
            if newer.compatibility == .contract {
                return "the store's schema has version \(version), a contract migration this hearth binary does not know\(known): "
                    + "it removes, renames or changes the type of something older binaries use, so this binary cannot run on it. "
                    + "Upgrade this binary: run a newer hearth, one that knows migration \(Self.number(newer.version))"
            }
            let recorded = newer.compatibility.map { "marked '\($0)'" } ?? "with no compatibility recorded"
            return "the store's schema has version \(version), which this hearth binary does not know\(known), \(recorded) "
                + "(not expand-only); run a newer hearth"
        }
        if let newest = unknownExpand.map(\.version).max(), let skipped = pending.first(where: { $0.version < newest }) {
            return "the store's schema has version \(newest), which this hearth binary does not know, but not migration "
                + "\(skipped.fileName), which it does: the schema was migrated by a binary of another line; run that hearth, "
                + "or a newer one that knows both"
        }
        if let edited = checksumMismatches.first {
            return
                "migration \(edited.expected.fileName) differs from the version applied to this store (checksum \(edited.applied.checksum.prefix(12))… in the store, \(edited.expected.checksum.prefix(12))… in this hearth); restore the original file, or if the edit is reviewed and harmless record it with: \(repair)"
        }
        if let failure = failed.first {
            return
                "migration \(String(format: "%04d", failure.version)) (\(failure.description)) failed earlier and may be partly applied; check the schema, then clear the failure with: \(repair)"
        }
        return nil
    }

    /// The line a binary logs at start when it runs on a schema newer than it by expand-only
    /// migrations only (`nil` otherwise): which migrations it does not know.
    public var newerExpandNotice: String? {
        let newer = unknownExpand
        guard !newer.isEmpty, unknownIncompatible.isEmpty else { return nil }
        let names = newer.map { "\(Self.number($0.version)) (\($0.description))" }.joined(separator: ", ")
        return "the store's schema is newer than this hearth binary by expand-only migration(s) it does not know: \(names); "
            + "running on it, as they only add tables, columns with defaults or NULL, and indexes"
    }

    /// The highest applied version this binary knows.
    var knownVersionLimit: Int? {
        applied.map(\.version).filter { v in !unknown.contains { $0.version == v } }.max()
    }

    static func number(_ version: Int) -> String { String(format: "%04d", version) }
}
