import ArgumentParser
import HearthStore

/// `hearth db status`: applied, pending, checksum mismatches, versions this hearth does not know, and
/// contract migrations (applied or pending), which stop binaries that do not know them.
struct DatabaseStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show applied and pending migrations and any drift.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let status = try await database.withMigrator { try await $0.status() }
        DatabaseOutput.describe(status).forEach(Console.say)
        Console.say(
            status.isCurrent
                ? "schema is current"
                : "\(status.pending.count) pending, \(status.checksumMismatches.count) checksum mismatch(es), \(status.unknown.count) unknown, \(status.failed.count) failed"
        )
    }
}
