import Foundation
import HearthTestSupport
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

    /// FreeTDS reads its settings from a file Hearth writes in a private folder under the temporary
    /// directory; a process that used SQL Server removes it when it exits.
    @Test func sqlServerSettingsFolderIsRemovedAtExit() throws {
        let temporary = try TemporaryDirectory(prefix: "hearth-cli-tmp")
        let (status, output) = try HearthCLI.run(
            ["db", "status"],
            environment: ["TMPDIR": temporary.url.path, "HEARTH_STORE": "mssql://hearth_app:pw-9f3k2@127.0.0.1:1/hearth?connectTimeout=2"]
        )
        #expect(status != 0, "nothing listens on port 1")
        #expect(output.contains("127.0.0.1"), "the error names the server: \(output)")
        #expect(!output.contains("pw-9f3k2"), "the password is not printed")
        let left = try FileManager.default.contentsOfDirectory(atPath: temporary.url.path)
        #expect(!left.contains { $0.hasPrefix("hearth-freetds-") }, "left behind: \(left)")
    }
}
