import ArgumentParser
import HearthStore

/// `hearth db repair`: removes failure rows and records the current checksums of edited scripts.
struct DatabaseRepairCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "Remove failed-migration rows and accept the checksums of reviewed, edited migration files."
    )

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let report = try await database.withMigrator { try await $0.repair() }
        Console.say(
            "removed \(report.removedFailures) failed row(s); realigned checksums: \(report.realignedChecksums.isEmpty ? "none" : report.realignedChecksums.map(DatabaseOutput.version).joined(separator: ", "))"
        )
    }
}
