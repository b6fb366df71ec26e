import ArgumentParser
import HearthStore

/// `hearth db validate`: exits non-zero on drift (edited, unknown or failed migrations).
struct DatabaseValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Exit non-zero when the database has drifted from this hearth's migrations."
    )

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Count pending migrations as a failure too.")
    var failOnPending = false

    func run() async throws {
        let status = try await database.withMigrator { try await $0.status() }
        if let drift = status.drift(repair: "hearth db repair") {
            DatabaseOutput.fail(drift)
        }
        if failOnPending && !status.pending.isEmpty {
            DatabaseOutput.fail("\(status.pending.count) migration(s) pending; apply them with hearth db migrate")
        }
        if let notice = status.newerExpandNotice { Console.say("note: \(notice)") }
        Console.say(status.pending.isEmpty ? "valid: the schema matches this hearth" : "valid: no drift (\(status.pending.count) pending)")
    }
}
