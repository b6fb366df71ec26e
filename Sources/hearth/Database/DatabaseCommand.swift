import ArgumentParser

/// `hearth db …`: the SQL Server schema tooling a DBA uses (status, migrate, script, validate,
/// baseline, repair), plus `statements` for CI.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Inspect, migrate and script the SQL Server schema (for DBAs).",
        discussion: """
            The store is named with --store or HEARTH_STORE: an ADO.NET connection string \
            (Server=tcp:HOST,1433;Database=…;User ID=…;Password=…;Encrypt=true) or an mssql:// URL. \
            Migrating needs a login that may change the schema; the runtime's login does not.
            """,
        subcommands: [
            DatabaseStatusCommand.self, DatabaseMigrateCommand.self, DatabaseScriptCommand.self, DatabaseValidateCommand.self,
            DatabaseBaselineCommand.self, DatabaseRepairCommand.self, DatabaseStatementsCommand.self, DatabaseWorkerRoleCommand.self,
        ]
    )
}
