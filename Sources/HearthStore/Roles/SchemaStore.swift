/// The schema part of a store: which migrations its database carries.
///
/// A store is only handed out with a current schema: the embedded SQLite store applies its
/// migrations when it opens; the SQL Server store refuses to open on pending migrations or drift
/// unless asked to migrate (``StoreFactory/open(connectionString:dataDirectory:cipher:migrate:logger:)``).
/// `hearth db …` works on a SQL Server database with `SQLServerMigrator` instead, without a store.
public protocol SchemaStore: Sendable {
    /// The migration journal of the store's database compared with the migrations this binary
    /// carries for its backend.
    ///
    /// Reads only. For a store that opened, ``MigrationStatus/isCurrent`` is `true` unless
    /// someone changed the database since.
    func migrationStatus() async throws -> MigrationStatus
}
