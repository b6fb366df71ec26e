import ArgumentParser
import Foundation

/// A command that talks to the management API. `run()` prints API errors (message and details,
/// or the error JSON with `--output json`) to standard error and exits with status 1.
protocol ClientCommand: AsyncParsableCommand {
    var options: ClientOptions { get }
    func execute(_ client: ManagementClient) async throws
}

extension ClientCommand {
    func run() async throws {
        do {
            try await execute(options.client())
        } catch let error as ClientError {
            if options.output == .json, let body = error.body {
                FileHandle.standardError.write(body + Data("\n".utf8))
            } else {
                var text = "error: \(error.message)\n"
                for detail in error.details { text += "  - \(detail)\n" }
                FileHandle.standardError.write(Data(text.utf8))
            }
            throw ExitCode(1)
        }
    }
}
