extension SQLServerStore {
    package func migrationStatus() async throws -> MigrationStatus {
        let known = try Self.migrations()
        let applied = try await read("migration status") { c in try SQLServerMigrator.journal(c) }
        return MigrationStatus(known: known, applied: applied)
    }
}
