import Foundation
import HearthSystem
import Synchronization
import Testing

@testable import HearthWorker

/// Launches that block their thread (a sandbox's do, for tens of milliseconds) run side by side
/// through ``ProcessLauncher/launchOnOwnThread(_:output:)``, more of them than the cooperative pool
/// has threads.
@Suite struct LaunchOnOwnThreadTests {
    /// Blocks each launch until `expected` launches are inside `launch` at once (or a deadline
    /// passes, which fails the launch), then starts `/bin/true`.
    final class GatedLauncher: ProcessLauncher {
        let expected: Int
        let inside = Mutex(0)
        let most = Mutex(0)

        init(expected: Int) { self.expected = expected }

        func launch(_ spec: ProcessSpec, output: @escaping @Sendable (ProcessOutputLine) -> Void) throws -> any LaunchedProcess {
            let now = inside.withLock { count -> Int in
                count += 1
                return count
            }
            most.withLock { $0 = max($0, now) }
            defer { inside.withLock { $0 -= 1 } }
            let deadline = ContinuousClock.now + .seconds(20)
            while most.withLock({ $0 }) < expected {
                guard ContinuousClock.now < deadline else {
                    throw WorkerError(.launchFailed, "only \(most.withLock { $0 }) of \(expected) launches ran at once")
                }
                usleep(1000)
            }
            return try DirectProcessLauncher().launch(spec, output: output)
        }
    }

    static let spec = ProcessSpec(executable: "/bin/true", arguments: [], environment: [:], workingDirectory: "/", appRoot: "/", label: "t")

    @Test func blockingLaunchesRunSideBySide() async throws {
        // More launches than the cooperative pool has threads (one per core).
        let count = ProcessInfo.processInfo.activeProcessorCount * 2 + 2
        let launcher = GatedLauncher(expected: count)
        let exits = try await withThrowingTaskGroup(of: ProcessExit.self) { group in
            for _ in 0..<count {
                group.addTask {
                    let process = try await launcher.launchOnOwnThread(Self.spec) { _ in }
                    return await process.waitForExit()
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(exits == Array(repeating: .exited(0), count: count))
        #expect(launcher.most.withLock { $0 } == count)
    }

    @Test func aFailedLaunchThrowsItsError() async throws {
        var spec = Self.spec
        spec.executable = "/nonexistent/hearth-no-such-program"
        await #expect(throws: WorkerError.self) {
            _ = try await DirectProcessLauncher().launchOnOwnThread(spec) { _ in }
        }
    }
}
