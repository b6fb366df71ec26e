import Foundation
import Testing

/// The `hearth` binary's own behaviour: help, and refusing bad options with a clear message.
@Suite struct CLITests {
    func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try HearthCLI.run(arguments)
    }

    @Test func helpListsTheCommands() throws {
        let (status, output) = try run(["--help"])
        #expect(status == 0)
        for command in ["serve", "upgrade"] { #expect(output.contains(command)) }
    }

    @Test func clientCommandsAgainstNoServerFailFastAndSaySo() throws {
        let started = Date()
        let (status, output) = try run(["tenant", "list", "--server", "http://127.0.0.1:1"])
        #expect(status == 1)
        #expect(output.contains("cannot reach the Hearth management API at http://127.0.0.1:1"))
        #expect(output.contains("hearth serve"))
        #expect(Date().timeIntervalSince(started) < 20, "a refused connection is not retried until a deadline")
    }

    @Test func serveRefusesTheSamePortTwice() throws {
        let (status, output) = try run(["serve", "--management-port", "7999", "--http-port", "7999"])
        #expect(status != 0)
        #expect(output.contains("must differ"))
    }
}
