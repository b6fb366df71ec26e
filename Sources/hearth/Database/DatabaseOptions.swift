import ArgumentParser
import Foundation
import HearthStore
import Logging

/// The SQL Server a `hearth db` command works on.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "SQL Server connection string or mssql:// URL (default: $HEARTH_STORE).")
    var store: String?

    func configuration() throws -> SQLServerConfiguration {
        CommandLineSecretWarning.check(store: store)
        guard let text = store ?? ProcessInfo.processInfo.environment["HEARTH_STORE"], !text.isEmpty else {
            throw ValidationError("name the SQL Server with --store \"Server=tcp:HOST,1433;Database=…;User ID=…;Password=…\" or HEARTH_STORE")
        }
        do {
            return try SQLServerConfiguration(connectionString: text)
        } catch {
            throw ValidationError("--store: \(error)")
        }
    }

    /// Runs `body` with a migrator, printing a failure as one line on stderr and exiting 1.
    func withMigrator<T>(_ body: (SQLServerMigrator) async throws -> T) async throws -> T {
        let migrator = try SQLServerMigrator(configuration: try configuration(), logger: Logger(label: "hearth.db"))
        defer { migrator.shutdown() }
        do {
            return try await body(migrator)
        } catch let error as StoreError {
            DatabaseOutput.fail(error.message)
        } catch {
            DatabaseOutput.fail("\(error)")
        }
    }
}

/// Output helpers shared by the `hearth db` commands.
enum DatabaseOutput {
    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        Foundation.exit(1)
    }

    static func version(_ v: Int) -> String { String(format: "%04d", v) }

    static func describe(_ status: MigrationStatus) -> [String] {
        var lines: [String] = []
        let mismatched = Set(status.checksumMismatches.map(\.applied.version))
        let unknown = Set(status.unknown.map(\.version))
        let contract = Set(status.contractMigrations.map(\.version))
        for row in status.applied {
            let state =
                !row.success
                ? "FAILED"
                : unknown.contains(row.version)
                    ? "UNKNOWN (newer than this hearth)" : mismatched.contains(row.version) ? "CHECKSUM MISMATCH" : "applied"
            lines.append(
                "\(version(row.version))  \(row.description.padding(toLength: 32, withPad: " ", startingAt: 0))  \(state.padding(toLength: 18, withPad: " ", startingAt: 0))  \(row.appliedBy) \(row.appliedAt) (\(row.durationMilliseconds) ms)"
                    + compatibilityNote(status.compatibility(of: row), contract: contract.contains(row.version))
            )
        }
        for migration in status.pending {
            lines.append(
                "\(version(migration.version))  \(migration.description.padding(toLength: 32, withPad: " ", startingAt: 0))  pending"
                    + compatibilityNote(migration.compatibility, contract: contract.contains(migration.version))
            )
        }
        lines += status.contractMigrations.map { "warning: \($0.warning)" }
        if let notice = status.newerExpandNotice { lines.append("note: \(notice)") }
        return lines
    }

    /// The compatibility after a migration's line: loud for contract, quiet for expand.
    static func compatibilityNote(_ compatibility: MigrationCompatibility?, contract: Bool) -> String {
        if contract { return "  CONTRACT" }
        return compatibility.map { "  \($0)" } ?? ""
    }
}
