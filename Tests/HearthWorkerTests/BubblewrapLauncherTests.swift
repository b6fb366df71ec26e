import Foundation
import HearthSystem
import Synchronization
import Testing

@testable import HearthWorker

/// Real processes in the sandbox: identity, file system, environment, and each limit.
/// One sandbox launcher for the suite, probed once; its reason is printed when the suite is skipped.
enum SharedSandbox {
    static let launcher = BubblewrapLauncher(configuration: SandboxConfiguration())
    static var available: Bool {
        if let reason = launcher.unavailableReason { print("BubblewrapLauncherTests skipped: \(reason)") }
        return launcher.unavailableReason == nil
    }
}

@Suite(.serialized, .enabled(if: SharedSandbox.available, "bubblewrap, user namespaces or cgroups are unavailable (the reason is printed)"))
struct BubblewrapLauncherTests {
    static var launcher: BubblewrapLauncher { SharedSandbox.launcher }

    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        func add(_ line: ProcessOutputLine) { lines.withLock { $0.append(line.text) } }
        var all: [String] { lines.withLock { $0 } }
    }

    /// A throw-away app folder with one file.
    func makeApp() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-sandbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try Data("app file\n".utf8).write(to: root.appendingPathComponent("app.txt"))
        return root
    }

    func run(_ script: String, limits: ResourceLimits = ResourceLimits(), environment: [String: String] = [:]) async throws -> (ProcessExit, [String])
    {
        let app = try makeApp()
        defer { try? FileManager.default.removeItem(at: app) }
        let lines = Lines()
        let spec = ProcessSpec(
            executable: "/bin/sh",
            arguments: ["-c", script],
            environment: environment,
            workingDirectory: app.path,
            appRoot: app.path,
            label: "unit",
            limits: limits
        )
        let process = try Self.launcher.launch(spec, output: lines.add)
        let exit = await process.waitForExit()
        try await Task.sleep(for: .milliseconds(100))
        return (exit, lines.all)
    }

    @Test func runsAsNobodyInItsOwnNamespacesWithOnlyItsApp() async throws {
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-secret-\(UUID().uuidString)")
        try Data("secret".utf8).write(to: secret)
        defer { try? FileManager.default.removeItem(at: secret) }
        let (exit, lines) = try await run(
            """
            echo "uid=$(id -u) pid=$$ cwd=$(pwd)"; cat app.txt; echo "env=$(env | grep -v '^PWD=' | grep -v '^SHLVL=' | grep -v '^_=' | sort | tr '\\n' ' ')"
            cat \(secret.path) 2>/dev/null || echo "no secret"
            echo x > /home/site/wwwroot/new 2>/dev/null || echo "app read-only"
            echo x > /new 2>/dev/null || echo "root read-only"
            echo x > /tmp/ok && echo "tmp writable"
            kill -0 \(getpid()) 2>/dev/null || echo "hearth invisible"
            """,
            environment: ["ONLY": "this", "PATH": "/usr/bin:/bin"]
        )
        #expect(exit == .exited(0), "\(lines)")
        #expect(lines.contains("uid=65534 pid=2 cwd=/home/site/wwwroot"), "\(lines)")
        #expect(lines.contains("app file"))
        #expect(lines.contains("env=ONLY=this PATH=/usr/bin:/bin "), "\(lines)")
        #expect(lines.contains("no secret"))
        #expect(lines.contains("app read-only"))
        #expect(lines.contains("root read-only"))
        #expect(lines.contains("tmp writable"))
        #expect(lines.contains("hearth invisible"))
    }

    @Test func tmpIsSizeLimited() async throws {
        var limits = ResourceLimits()
        limits.tmpBytes = 1 << 20
        let (exit, lines) = try await run(
            "head -c 2000000 /dev/zero > /tmp/big || echo full; rm /tmp/big; head -c 500000 /dev/zero > /tmp/small && echo fits",
            limits: limits
        )
        #expect(exit == .exited(0))
        #expect(lines.contains("full") && lines.contains("fits"), "\(lines)")
    }

    @Test func memoryLimitKillsAndSaysSo() async throws {
        var limits = ResourceLimits()
        limits.memoryBytes = 32 << 20
        let (exit, lines) = try await run("exec /usr/bin/python3 -c 'x = bytearray(200 << 20); print(\"survived\")'", limits: limits)
        #expect(exit == .killed(reason: "memory limit 32 MiB reached (app setting HEARTH_MEMORY_MB)"), "\(exit) \(lines)")
    }

    @Test func processLimitKillsAndSaysSo() async throws {
        var limits = ResourceLimits()
        limits.maxProcesses = 16
        let (exit, _) = try await run("for i in $(seq 40); do sleep 20 & done; wait", limits: limits)
        #expect(exit == .killed(reason: "process limit 16 reached, a fork failed (app setting HEARTH_MAX_PROCESSES)"))
    }

    @Test func terminateIsGracefulThenRemovesTheCgroup() async throws {
        let app = try makeApp()
        defer { try? FileManager.default.removeItem(at: app) }
        let lines = Lines()
        let spec = ProcessSpec(
            executable: "/bin/sh",
            arguments: ["-c", "trap 'echo got TERM; exit 0' TERM; echo ready; while true; do sleep 0.05; done"],
            environment: [:],
            workingDirectory: app.path,
            appRoot: app.path,
            label: "unit"
        )
        let process = try Self.launcher.launch(spec, output: lines.add)
        let sandbox = try #require(process as? SandboxedProcess)
        let cgroups = Array(sandbox.watch.cgroup.directories.values)
        #expect(cgroups.allSatisfy { FileManager.default.fileExists(atPath: $0) })
        for _ in 0..<100 where !lines.all.contains("ready") { try await Task.sleep(for: .milliseconds(20)) }
        await process.terminate(grace: .seconds(5))
        // It ended on the SIGTERM (its trap ran and exited 0), not on the SIGKILL after the grace period.
        #expect(process.exitStatus == .exited(0))
        for _ in 0..<100 where !lines.all.contains("got TERM") || cgroups.contains(where: { FileManager.default.fileExists(atPath: $0) }) {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(lines.all.contains("got TERM"), "\(lines.all)")
        #expect(!cgroups.contains { FileManager.default.fileExists(atPath: $0) })
    }

    @Test func unavailableSandboxRefusesWithTheFix() {
        var configuration = SandboxConfiguration()
        configuration.bubblewrapPath = "/nonexistent/bwrap"
        let launcher = BubblewrapLauncher(configuration: configuration)
        #expect(launcher.unavailableReason?.contains("--no-isolation") == true)
        let spec = ProcessSpec(executable: "/bin/true", arguments: [], environment: [:], workingDirectory: "/", appRoot: "/tmp", label: "t")
        #expect(throws: WorkerError.self) { try launcher.launch(spec) { _ in } }
    }
}
