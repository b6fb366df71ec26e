extension MigrationStatus {
    /// Why a store must not run on this schema, or `nil` when pending migrations are the only
    /// difference. Shared by the SQLite self-migration and the SQL Server start-up check.
    ///
    /// - Parameter repair: the command that records a reviewed edit or clears failed rows.
    public func drift(repair: String) -> String? {
        if let newer = unknown.first {
            let known = (applied.map(\.version).filter { v in !unknown.contains { $0.version == v } }.max()).map { " (this binary knows up to \($0))" } ?? ""
            return "the store's schema has version \(newer.version) (\(newer.description)), which this hearth binary does not know\(known); run a newer hearth"
        }
        if let edited = checksumMismatches.first {
            return "migration \(edited.expected.fileName) differs from the version applied to this store (checksum \(edited.applied.checksum.prefix(12))… in the store, \(edited.expected.checksum.prefix(12))… in this hearth); restore the original file, or if the edit is reviewed and harmless record it with: \(repair)"
        }
        if let failure = failed.first {
            return "migration \(String(format: "%04d", failure.version)) (\(failure.description)) failed earlier and may be partly applied; check the schema, then clear the failure with: \(repair)"
        }
        return nil
    }
}

import Foundation
