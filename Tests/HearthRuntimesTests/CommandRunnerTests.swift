import Foundation
import Testing

@testable import HearthRuntimes

/// Administrative commands run to completion through the one process launcher.
@Suite struct CommandRunnerTests {
    @Test func returnsTheStatusAndTheOutputOfBothStreams() async throws {
        let result = try await CommandRunner.run("/bin/sh", ["-c", "echo one; echo two >&2; exit 4"], timeout: .seconds(600))
        #expect(result.status == 4)
        #expect(result.output.sorted() == ["one", "two"])
    }

    @Test func runsInTheGivenDirectoryWithTheGivenEnvironment() async throws {
        let result = try await CommandRunner.run(
            "/bin/sh",
            ["-c", "pwd; echo \"$ONLY\"; echo \"${HOME:-no home}\""],
            workingDirectory: URL(fileURLWithPath: "/tmp"),
            environment: ["ONLY": "this"]
        )
        #expect(result.status == 0)
        #expect(result.output == ["/tmp", "this", "no home"])
    }

    @Test func keepsTheLast200Lines() async throws {
        let result = try await CommandRunner.run("/bin/sh", ["-c", "i=1; while [ $i -le 250 ]; do echo $i; i=$((i+1)); done"])
        #expect(result.output == (51...250).map(String.init))
    }

    @Test func aCommandPastItsTimeoutIsStoppedAndReported() async throws {
        do {
            _ = try await CommandRunner.run("/bin/sh", ["-c", "echo started; exec sleep 600"], timeout: .milliseconds(50))
            Issue.record("the command was not stopped")
        } catch let error as RuntimeError {
            #expect(error.description.hasPrefix("sh -c echo started; exec sleep 600 was stopped after"))
        }
    }

    @Test func aProgramThatCannotStartIsARuntimeError() async {
        await #expect(throws: RuntimeError.self) { try await CommandRunner.run("/nonexistent/python3", ["--version"]) }
    }
}
