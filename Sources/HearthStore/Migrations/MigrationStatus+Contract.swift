extension MigrationStatus {
    /// A contract migration a DBA should know about before applying it, or that already stopped
    /// older binaries.
    public struct ContractMigration: Sendable, Hashable {
        public var version: Int
        public var description: String
        /// Applied to the store (otherwise pending).
        public var isApplied: Bool

        /// What `hearth db status` says about it.
        public var warning: String {
            let number = MigrationStatus.number(version)
            return isApplied
                ? "\(number) (\(description)) is a CONTRACT migration: hearth binaries that do not know \(number) refuse this schema"
                : "\(number) (\(description)) is a CONTRACT migration, pending: once applied, hearth binaries that do not know "
                    + "\(number) refuse the schema; upgrade every binary that uses this database first"
        }
    }

    /// Contract migrations applied (as this binary's files or the journal say) or pending, by version.
    public var contractMigrations: [ContractMigration] {
        let applied = applied.filter { $0.success && compatibility(of: $0) == .contract }
            .map { ContractMigration(version: $0.version, description: $0.description, isApplied: true) }
        let pending = pending.filter { $0.compatibility == .contract }
            .map { ContractMigration(version: $0.version, description: $0.description, isApplied: false) }
        return (applied + pending).sorted { $0.version < $1.version }
    }
}
