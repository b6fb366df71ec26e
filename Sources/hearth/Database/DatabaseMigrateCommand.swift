import ArgumentParser
import HearthStore

/// `hearth db migrate`: applies pending migrations under the `hearth.migrate` app lock.
struct DatabaseMigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending migrations (one transaction each, under an sp_getapplock lock)."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Apply migrations up to this version only.")
    var target: Int?

    @Option(help: "Seconds to wait for another migrator's lock (0: fail at once).")
    var lockTimeout: Int = 0

    func run() async throws {
        let applied = try await database.withMigrator { try await $0.migrate(target: target, lockWait: .seconds(lockTimeout)) }
        if applied.isEmpty {
            Console.say("nothing to migrate: the schema is current")
        }
        for migration in applied {
            let contract =
                migration.compatibility == .contract
                ? " — CONTRACT: hearth binaries that do not know \(DatabaseOutput.version(migration.version)) now refuse this schema" : ""
            Console.say(
                "applied \(DatabaseOutput.version(migration.version)) \(migration.description) (\(migration.durationMilliseconds) ms)\(contract)"
            )
        }
    }
}
