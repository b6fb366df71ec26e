import Foundation
import HearthSystem
import Synchronization
import Testing

/// The one process launcher: exit status, output lines, timeouts, and a refused start.
@Suite struct SpawnedProcessTests {
    final class Lines: Sendable {
        let lines = Mutex<[ProcessOutputLine]>([])
        func add(_ line: ProcessOutputLine) { lines.withLock { $0.append(line) } }
        var all: [ProcessOutputLine] { lines.withLock { $0 } }
    }

    func shell(_ script: String, environment: [String: String] = [:], output: Lines = Lines()) throws -> SpawnedProcess {
        try SpawnedProcess.spawn(
            executable: "/bin/sh",
            arguments: ["-c", script],
            environment: environment,
            workingDirectory: "/tmp",
            output: output.add
        )
    }

    @Test func reportsTheExitStatusAndEveryLineOfBothStreams() async throws {
        let lines = Lines()
        let process = try shell("echo out; echo err >&2; printf 'no newline'; exit 3", output: lines)
        #expect(await process.waitForExit() == .exited(3))
        await process.waitForOutputEnd()
        #expect(process.exitStatus == .exited(3))
        #expect(lines.all.filter { $0.stream == .stdout }.map(\.text) == ["out", "no newline"])
        #expect(lines.all.filter { $0.stream == .stderr }.map(\.text) == ["err"])
    }

    @Test func theChildGetsExactlyItsEnvironmentAndWorkingDirectory() async throws {
        let lines = Lines()
        let process = try shell("echo \"$GREETING\"; echo \"${HOME:-unset}\"; pwd", environment: ["GREETING": "hello"], output: lines)
        #expect(await process.waitForExit() == .exited(0))
        await process.waitForOutputEnd()
        #expect(lines.all.map(\.text) == ["hello", "unset", "/tmp"])
    }

    @Test func aWaitWithATimeLimitReturnsTheExitOfAProcessThatEnds() async throws {
        let process = try shell("exit 7")
        #expect(await process.waitForExit(upTo: .seconds(600)) == .exited(7))
        #expect(process.waitForExit(blockingUpTo: .seconds(600)) == .exited(7))
    }

    @Test func aWaitWithATimeLimitReturnsNilWhileTheProcessRunsThenTerminateStopsIt() async throws {
        let process = try shell("exec sleep 600")
        #expect(await process.waitForExit(upTo: .milliseconds(20)) == nil)
        #expect(process.waitForExit(blockingUpTo: .milliseconds(20)) == nil)
        #expect(process.exitStatus == nil)
        await process.terminate(grace: .seconds(30))
        #expect(process.exitStatus == .signalled(SIGTERM))
    }

    @Test func cancellingTheWaiterEndsTheWaitButNotTheProcess() async throws {
        let process = try shell("exec sleep 600")
        let waiter = Task { await process.waitForExit(upTo: .seconds(600)) }
        waiter.cancel()
        #expect(await waiter.value == nil)
        #expect(process.exitStatus == nil)
        process.signalGroup(SIGKILL)
        #expect(await process.waitForExit() == .signalled(SIGKILL))
    }

    @Test func aProgramThatCannotStartIsASpawnErrorNamingIt() {
        #expect {
            _ = try SpawnedProcess.spawn(
                executable: "/nonexistent/program",
                arguments: [],
                environment: [:],
                workingDirectory: "/",
                output: { _ in }
            )
        } throws: { error in
            (error as? SpawnError)?.message.contains("cannot start /nonexistent/program") == true
        }
    }
}
