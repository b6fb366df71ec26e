/// How a database's migration journal compares with the migrations this binary carries.
public struct MigrationStatus: Sendable {
    public var applied: [AppliedMigration]
    /// Known migrations not yet applied, in order.
    public var pending: [Migration]
    /// Applied versions whose recorded checksum differs from the script in this binary.
    public var checksumMismatches: [(applied: AppliedMigration, expected: Migration)]
    /// Versions in the journal that this binary does not know (the schema is newer than the binary).
    public var unknown: [AppliedMigration]
    /// Versions recorded as failed.
    public var failed: [AppliedMigration]
    /// The compatibility of each migration this binary knows, from its file's marker.
    var knownCompatibility: [Int: MigrationCompatibility]

    public init(known: [Migration], applied: [AppliedMigration]) {
        self.applied = applied
        let byVersion = Dictionary(uniqueKeysWithValues: known.map { ($0.version, $0) })
        let appliedVersions = Set(applied.filter(\.success).map(\.version))
        pending = known.filter { !appliedVersions.contains($0.version) }
        checksumMismatches = applied.compactMap { row in
            guard row.success, let expected = byVersion[row.version], expected.checksum != row.checksum else { return nil }
            return (row, expected)
        }
        unknown = applied.filter { byVersion[$0.version] == nil }
        failed = applied.filter { !$0.success }
        knownCompatibility = byVersion.compactMapValues(\.compatibility)
    }

    /// Unknown versions applied and recorded as expand-only: this binary runs on them (and says so).
    public var unknownExpand: [AppliedMigration] { unknown.filter { $0.success && $0.compatibility == .expand } }

    /// Unknown versions applied and recorded as contract, or with no (or no known) compatibility
    /// recorded: this binary refuses the schema.
    public var unknownIncompatible: [AppliedMigration] { unknown.filter { $0.success && $0.compatibility != .expand } }

    /// A row's compatibility: this binary's file says for versions it knows, the journal for others.
    public func compatibility(of row: AppliedMigration) -> MigrationCompatibility? {
        knownCompatibility[row.version] ?? row.compatibility
    }

    /// True when the schema is exactly what this binary expects.
    public var isCurrent: Bool { pending.isEmpty && checksumMismatches.isEmpty && unknown.isEmpty && failed.isEmpty }
}
