import ArgumentParser
import HearthStore

/// `hearth db baseline`: records versions as applied without running them.
struct DatabaseBaselineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Record migrations up to a version as applied, without running them (schema created by other means)."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The version the existing schema corresponds to.")
    var version: Int

    func run() async throws {
        let recorded = try await database.withMigrator { try await $0.baseline(version: version) }
        Console.say(
            recorded.isEmpty
                ? "nothing recorded: every version up to \(version) is already in the journal"
                : "recorded as applied: \(recorded.map(DatabaseOutput.version).joined(separator: ", "))"
        )
    }
}
