import Foundation
import HearthSystem
import Synchronization
import Testing

@testable import HearthWorker

/// Sandboxes with a network of their own and an outbound NAT (slirp4netns), started as a worker
/// starts them when several apps move onto it at once.
@Suite(.serialized, .enabled(if: SharedSandbox.hasOutboundNetwork, "needs the sandbox and slirp4netns"))
struct BubblewrapLauncherNetworkTests {

    /// How each start ended, with what it printed.
    final class Outcomes: Sendable {
        private let list = Mutex<[String]>([])
        /// Adds one; returns how many there are now.
        func add(_ outcome: String) -> Int {
            list.withLock {
                $0.append(outcome)
                return $0.count
            }
        }
        var all: [String] { list.withLock { $0 } }
    }

    /// 48 sandboxes, 8 started at a time on threads of their own (a launch blocks its thread), each
    /// running `true`: every one exits 0. slirp4netns used to configure the namespace while bwrap
    /// still set up its loopback, and bwrap exited with "loopback: Failed RTM_NEWADDR" in several
    /// of 100 such starts: the fleet's failed cold starts after a drain.
    @Test(.timeLimit(.minutes(2)))
    func concurrentStartsWithOutboundNetworkAllRun() async throws {
        let app = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-sandbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: app, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: app) }
        let spec = ProcessSpec(executable: "/bin/true", arguments: [], environment: [:], workingDirectory: app.path, appRoot: app.path, label: "net")
        #expect(spec.limits.outboundNetwork)
        let outcomes = Outcomes()
        let threads = 8
        let startsPerThread = 6
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            for _ in 0..<threads {
                Thread {
                    for _ in 0..<startsPerThread {
                        // The last start to end lets the test go on.
                        if outcomes.add(Self.start(spec)) == threads * startsPerThread { done.resume() }
                    }
                }.start()
            }
        }
        let failed = outcomes.all.filter { $0 != "exited with status 0" }
        #expect(outcomes.all.count == threads * startsPerThread)
        #expect(failed.isEmpty, "\(failed.count) of \(threads * startsPerThread) sandboxes did not run: \(failed.prefix(3))")
    }

    /// Launches `spec` and waits (this thread) for its end: its exit, and its output when it failed.
    static func start(_ spec: ProcessSpec) -> String {
        let lines = BubblewrapLauncherTests.Lines()
        do {
            let process = try SharedSandbox.launcher.launch(spec, output: lines.add)
            let deadline = ContinuousClock.now + .seconds(30)
            while process.exitStatus == nil, ContinuousClock.now < deadline { usleep(2000) }
            guard let exit = process.exitStatus else { return "still running after 30 s" }
            return exit == .exited(0) ? "\(exit)" : "\(exit): \(lines.all)"
        } catch {
            return "launch failed: \(error)"
        }
    }
}

extension SharedSandbox {
    /// Sandboxes get a network of their own with an outbound NAT (slirp4netns is installed).
    static var hasOutboundNetwork: Bool {
        guard available, case .success(let setup) = launcher.setup else { return false }
        return launcher.isolatesNetwork && setup.slirp4netns != nil
    }
}
