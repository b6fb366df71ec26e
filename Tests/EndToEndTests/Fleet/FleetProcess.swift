import Foundation

/// One `hearth` process of the fleet test (`management` or `worker`), started directly or through
/// `nsenter --net=…` (which `exec`s, so the process id is hearth's own and SIGKILL reaches it).
final class FleetProcess: Sendable {
    let name: String
    let process: Process
    /// The file its standard output and error go to.
    let log: URL

    /// - Parameters:
    ///   - launcher: A command prefix such as `nsenter --net=/run/netns/NAME --` (empty: run hearth directly).
    ///   - environment: Variables set on top of the test's own.
    ///   - log: The file to write its output to (made, or emptied).
    init(name: String, launcher: [String], arguments: [String], environment: [String: String], log: URL) throws {
        self.name = name
        self.log = log
        process = Process()
        if launcher.isEmpty {
            process.executableURL = HearthServer.binary
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = launcher + [HearthServer.binary.path] + arguments
        }
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        // Only root reads it: the management's output holds the admin token.
        try FileManager.default.createDirectory(
            at: log.deletingLastPathComponent(),
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700]
        )
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    /// What it printed so far.
    var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// Waits (for readiness only) until the process printed `marker`; throws with its output when it
    /// exited or took longer than `limit`.
    func waitFor(_ marker: String, limit: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + limit
        while !output.contains(marker) {
            guard process.isRunning, ContinuousClock.now < deadline else {
                throw TestFailure("\(name) did not print '\(marker)' (running: \(process.isRunning)); its output:\n\(output)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// SIGKILL, as a machine that dies: nothing is flushed. Returns once the process is gone.
    func kill9() async {
        kill(process.processIdentifier, SIGKILL)
        while process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
    }

    /// SIGKILL without waiting, for cleanup (a test that failed half way must leave nothing running).
    func end() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
