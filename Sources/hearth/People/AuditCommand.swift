import ArgumentParser
import Foundation
import HearthManagement

/// `hearth audit export`: the whole audit log as JSON lines, on the machine that holds the store.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Export the audit log (run on the machine, with access to the store).",
        subcommands: [Export.self]
    )

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write every audit event, oldest first, as JSON lines (to stdout, or a new file with mode 0600)."
        )
        @OptionGroup var options: SecretsCommand.StoreOptions
        @Option(help: "A new file to write (refuses to overwrite one).") var output: String?

        func run() async throws {
            let (store, _) = try await options.open()
            let export = AuditExport(store: store)
            if let output {
                let count = try await export.write(to: URL(fileURLWithPath: output))
                Console.error("wrote \(count) audit event(s) to \(output)")
            } else {
                try await export.forEachLine { FileHandle.standardOutput.write($0) }
            }
        }
    }
}
