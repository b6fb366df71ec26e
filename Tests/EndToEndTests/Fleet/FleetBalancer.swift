import Foundation
import HearthTestSupport
import Synchronization

/// Debian's HAProxy in front of the fleet test's workers, configured and kept current the way an
/// operator would: `hearth lb haproxy --write` makes haproxy.cfg and its maps; then, once a second,
/// `hearth lb haproxy --write --runtime-commands` prints the runtime API commands for what changed
/// (sent to the admin socket) or exits with status 3 when only a reload can apply the change
/// (`haproxy -c`, then the reload).
final class FleetBalancer: Sendable {
    let port: Int
    let folder: URL
    private let management: String
    private let token: String
    private let haproxy: Mutex<HAProxyProcess?> = Mutex(nil)
    private let history = Mutex<[String]>([])
    /// Whether the loop should go on, and whether its thread still runs.
    private let syncing = Mutex((wanted: false, running: false))

    var url: String { "http://127.0.0.1:\(port)" }
    var socket: String { folder.appendingPathComponent("admin.sock").path }

    init(management: String, token: String) throws {
        port = try freeLocalPort()
        folder = URL(fileURLWithPath: "/tmp/hfleet-lb-\(UUID().uuidString.prefix(8))", isDirectory: true)
        self.management = management
        self.token = token
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// `hearth lb haproxy` with the test's frontend, folder and socket.
    private func generate(_ extra: [String]) throws -> (status: Int32, output: String) {
        try HearthCLI.run(
            ["lb", "haproxy", "--server", management, "--bind", "127.0.0.1:\(port)", "--directory", folder.path, "--socket", socket]
                + extra,
            environment: ["HEARTH_TOKEN": token]
        )
    }

    /// Writes the configuration and starts HAProxy with it.
    func start() throws {
        let written = try generate(["--write"])
        guard written.status == 0 else { throw TestFailure("hearth lb haproxy --write: \(written.output)") }
        let file = folder.appendingPathComponent("haproxy.cfg")
        let check = try HAProxyProcess.check(file)
        guard check.status == 0 else { throw TestFailure("haproxy -c: \(check.output)\n\(try String(contentsOf: file, encoding: .utf8))") }
        let log = folder.appendingPathComponent("haproxy.log")
        try haproxy.withLock { $0 = try HAProxyProcess(configuration: file, log: log) }
    }

    /// One round of the operator's loop. Returns what it did, for the test's report.
    @discardableResult
    func sync() throws -> String {
        let run = try generate(["--write", "--runtime-commands"])
        let lines = run.output.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("wrote ") }
        let done: String
        switch run.status {
        case 0:
            let commands = lines.filter { $0.hasPrefix("set ") || $0.hasPrefix("add ") || $0.hasPrefix("del ") }
            for command in commands {
                let answer = try HAProxyRuntimeSocket.send(command, to: socket).trimmingCharacters(in: .whitespacesAndNewlines)
                if !answer.isEmpty { throw TestFailure("HAProxy refused '\(command)': \(answer)") }
            }
            done = commands.isEmpty ? "" : "runtime API: " + commands.joined(separator: "; ")
        case 3:
            let check = try HAProxyProcess.check(folder.appendingPathComponent("haproxy.cfg"))
            guard check.status == 0 else { throw TestFailure("haproxy -c after a change: \(check.output)") }
            haproxy.withLock { $0?.reload() }
            done = "reload: " + lines.filter { $0.hasPrefix("  - ") }.joined(separator: "; ")
        default:
            throw TestFailure("hearth lb haproxy --runtime-commands exited \(run.status): \(run.output)")
        }
        if !done.isEmpty { history.withLock { $0.append(done) } }
        return done
    }

    /// What the loop applied so far.
    var applied: [String] { history.withLock { $0 } }

    /// Runs ``sync()`` once a second on a thread of its own (it runs `hearth` and waits for it,
    /// which must not hold one of the few threads the load runs on) until ``stopSyncing()``; a round
    /// that fails is recorded and retried.
    func startSyncing() {
        syncing.withLock { $0 = (true, true) }
        Thread.detachNewThread { [self] in
            while syncing.withLock({ $0.wanted }) {
                do { try sync() } catch { history.withLock { $0.append("failed: \(error)") } }
                Thread.sleep(forTimeInterval: 1)
            }
            syncing.withLock { $0.running = false }
        }
    }

    /// Ends the loop and waits (up to 10 s) for a round under way, which may still write files.
    func stopSyncing() {
        syncing.withLock { $0.wanted = false }
        let deadline = Date().addingTimeInterval(10)
        while syncing.withLock({ $0.running }), Date() < deadline { usleep(20_000) }
    }

    /// The servers of `backend` HAProxy runs as up (operational state 2) and sends new requests to
    /// (no maintenance or drain flag in the administrative state), sorted. The flag a `disabled`
    /// in the configuration leaves (0x04) stays after the runtime API makes the server ready, and
    /// is no maintenance: HAProxy's maintenance mask is 0x23 and its drain mask 0x18.
    func upServers(_ backend: String) -> [String] {
        guard let state = try? HAProxyRuntimeSocket.send("show servers state \(backend)", to: socket) else { return [] }
        return state.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard !line.hasPrefix("#"), fields.count > 6, fields[5] == "2", let admin = Int(fields[6]), admin & 0x3B == 0
            else { return nil }
            return String(fields[3])
        }.sorted()
    }

    /// HAProxy's view of the workers, its log and the configuration, for a failure's message.
    var diagnostics: String {
        let state = (try? HAProxyRuntimeSocket.send("show servers state \("hearth_workers")", to: socket)) ?? "(no answer)"
        let configuration = (try? String(contentsOf: folder.appendingPathComponent("haproxy.cfg"), encoding: .utf8)) ?? ""
        return "HAProxy servers:\n\(state)\nHAProxy log:\n\(log.suffix(3000))\nhaproxy.cfg:\n\(configuration)\napplied: \(applied)"
    }

    var log: String { (try? String(contentsOf: folder.appendingPathComponent("haproxy.log"), encoding: .utf8)) ?? "" }

    func stop() {
        stopSyncing()
        haproxy.withLock { $0?.stop() }
        try? FileManager.default.removeItem(at: folder)
    }
}
