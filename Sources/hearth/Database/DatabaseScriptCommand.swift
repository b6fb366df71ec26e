import ArgumentParser
import Foundation
import HearthStore

/// `hearth db script`: one T-SQL file for a DBA to review and run in SSMS or sqlcmd.
struct DatabaseScriptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "script",
        abstract: "Write the migrations as one T-SQL script (needs no connection)."
    )

    @Option(help: "First version to include.")
    var from: Int?

    @Option(help: "Last version to include.")
    var to: Int?

    @Flag(help: "Guard every migration with the journal so running the script again is harmless.")
    var idempotent = false

    @Option(name: .shortAndLong, help: "Write to this file instead of stdout.")
    var output: String?

    func run() async throws {
        let script: String
        do {
            script = try SQLServerScript.generate(from: from, to: to, idempotent: idempotent)
        } catch let error as StoreError {
            DatabaseOutput.fail(error.message)
        }
        if let output {
            try Data(script.utf8).write(to: URL(fileURLWithPath: output))
        } else {
            FileHandle.standardOutput.write(Data(script.utf8))
        }
    }
}
