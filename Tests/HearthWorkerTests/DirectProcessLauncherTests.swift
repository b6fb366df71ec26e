import Foundation
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
            executable: "/bin/sh", arguments: ["-c", "echo one; echo two >&2; echo \"$ONLY\"; exit 3"], environment: ["ONLY": "mine"],
            workingDirectory: "/", appRoot: "/", label: "t")
        let process = try DirectProcessLauncher().launch(spec, output: lines.add)
        #expect(await process.waitForExit() == .exited(3))
        try await Task.sleep(for: .milliseconds(100))
        #expect(Set(lines.all) == ["one", "two", "mine"])
    }

    @Test func terminateEscalatesToKill() async throws {
        let spec = ProcessSpec(
            executable: "/bin/sh", arguments: ["-c", "trap '' TERM; while true; do sleep 0.05; done"], environment: [:], workingDirectory: "/",
            appRoot: "/", label: "t")
        let process = try DirectProcessLauncher().launch(spec) { _ in }
        try await Task.sleep(for: .milliseconds(100))
        await process.terminate(grace: .milliseconds(200))
        #expect(process.exitStatus != nil)
    }

    @Test func missingProgramIsAClearError() {
        let spec = ProcessSpec(executable: "/nonexistent/handler", arguments: [], environment: [:], workingDirectory: "/", appRoot: "/", label: "t")
        #expect(throws: WorkerError.self) { try DirectProcessLauncher().launch(spec) { _ in } }
    }
}
