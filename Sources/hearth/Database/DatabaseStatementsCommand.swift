import ArgumentParser
import HearthStore

/// `hearth db statements`: every statement the SQL Server backend sends, `GO`-separated, for
/// `sqlfluff parse --dialect tsql` in CI.
struct DatabaseStatementsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statements",
        abstract: "Print every T-SQL statement the SQL Server backend issues (for CI parsing)."
    )

    func run() async throws {
        for statement in SQLServerStatements.all {
            Console.say("-- \(statement.name)\n\(statement.sql)\nGO\n")
        }
    }
}
