import Foundation
import HearthSystem
import Synchronization
import Testing

@testable import HearthWorker

/// The launcher runs real processes: output lines, exit status, termination of stubborn children.
@Suite struct DirectProcessLauncherTests {
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        func add(_ line: ProcessOutputLine) { lines.withLock { $0.append(line.text) } }
        var all: [String] { lines.withLock { $0 } }
    }

    @Test func capturesOutputAndExitStatus() async throws {
        let lines = Lines()
        let spec = ProcessSpec(
            executable: "/bin/sh",
            arguments: ["-c", "echo one; echo two >&2; echo \"$ONLY\"; exit 3"],
            environment: ["ONLY": "mine"],
            workingDirectory: "/",
            appRoot: "/",
            label: "t"
        )
        let process = try DirectProcessLauncher().launch(spec, output: lines.add)
        #expect(await process.waitForExit() == .exited(3))
        try await Task.sleep(for: .milliseconds(100))
        #expect(Set(lines.all) == ["one", "two", "mine"])
    }

    @Test func terminateEscalatesToKill() async throws {
        let spec = ProcessSpec(
            executable: "/bin/sh",
            arguments: ["-c", "trap '' TERM; while true; do sleep 0.05; done"],
            environment: [:],
            workingDirectory: "/",
            appRoot: "/",
            label: "t"
        )
        let process = try DirectProcessLauncher().launch(spec) { _ in }
        try await Task.sleep(for: .milliseconds(100))
        await process.terminate(grace: .milliseconds(200))
        #expect(process.exitStatus != nil)
    }

    @Test func childrenStartWithNoBlockedSignalsAndTheirOwnGroup() async throws {
        // The spawned program reads its own /proc entry (a shell would be measuring itself mid-fork).
        let status = Lines()
        let grep = try DirectProcessLauncher().launch(
            ProcessSpec(
                executable: "/bin/grep",
                arguments: ["-E", "^(SigBlk|SigIgn)", "/proc/self/status"],
                environment: [:],
                workingDirectory: "/tmp",
                appRoot: "/",
                label: "t"
            ),
            output: status.add
        )
        #expect(await grep.waitForExit() == .exited(0))
        let stat = Lines()
        let cat = try DirectProcessLauncher().launch(
            ProcessSpec(executable: "/bin/cat", arguments: ["/proc/self/stat"], environment: [:], workingDirectory: "/", appRoot: "/", label: "t"),
            output: stat.add
        )
        #expect(await cat.waitForExit() == .exited(0))
        try await Task.sleep(for: .milliseconds(100))
        let out = status.all
        #expect(out.contains { $0.hasPrefix("SigBlk:") && $0.hasSuffix("0000000000000000") }, "\(out)")
        // Standard signals 1–31 at their defaults (32 and 33 are glibc's own and cannot be reset).
        let ignored = try #require(out.first { $0.hasPrefix("SigIgn:") }.flatMap { UInt64($0.split(separator: "\t").last!, radix: 16) })
        #expect(ignored & 0x7FFF_FFFF == 0)
        // /proc/self/stat: field 1 is the pid, field 5 the process group.
        let fields = try #require(stat.all.first).split(separator: " ")
        #expect(fields[0] == fields[4], "the child leads its own process group")
    }

    @Test func terminateStopsAHandlerPromptly() async throws {
        let spec = ProcessSpec(executable: "/bin/sleep", arguments: ["30"], environment: [:], workingDirectory: "/", appRoot: "/", label: "t")
        let process = try DirectProcessLauncher().launch(spec) { _ in }
        await process.terminate(grace: .seconds(5))
        // It died of the SIGTERM, not of the SIGKILL that follows the grace period.
        #expect(process.exitStatus == .signalled(SIGTERM))
    }

    @Test func missingProgramIsAClearError() {
        let spec = ProcessSpec(executable: "/nonexistent/handler", arguments: [], environment: [:], workingDirectory: "/", appRoot: "/", label: "t")
        #expect(throws: WorkerError.self) { try DirectProcessLauncher().launch(spec) { _ in } }
    }
}
