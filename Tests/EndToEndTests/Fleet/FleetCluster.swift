import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import Synchronization

/// The fleet test's processes: one `hearth management` on 127.0.0.1 and `hearth worker`s in the
/// slots of a ``FleetNetwork``, all on one SQLite store (the management's data directory) and one
/// master key, each worker with a data directory of its own and joined with an enrolment token.
final class FleetCluster: Sendable {
    static let baseDomain = "fleet.test"

    let network: FleetNetwork
    let root: URL
    let managementPort: Int
    private let masterKey: String
    private let state = Mutex<(management: FleetProcess?, standby: FleetProcess?, workers: [String: FleetProcess], token: String)>(
        (nil, nil, [:], "")
    )

    var managementURL: String { "http://127.0.0.1:\(managementPort)" }
    var storePath: String { root.appendingPathComponent("management/hearth.sqlite").path }
    var token: String { state.withLock { $0.token } }
    var workerNames: [String] { network.slots.indices.map { "w\($0 + 1)" } }

    init(network: FleetNetwork) {
        self.network = network
        root = URL(fileURLWithPath: "/tmp/hfleet-\(UUID().uuidString.prefix(8))", isDirectory: true)
        managementPort = HearthServer.freePort()
        var key = [UInt8](repeating: 0, count: 32)
        for index in key.indices { key[index] = UInt8.random(in: 0...255) }
        masterKey = Data(key).base64EncodedString()
    }

    private var isolation: [String] { HostCapabilities.sandbox ? [] : ["--no-isolation"] }

    /// Starts the management role and reads the admin token it prints at its first start.
    func startManagement() async throws {
        let management = try FleetProcess(
            name: "management",
            launcher: [],
            arguments: [
                "management", "--data-dir", root.appendingPathComponent("management").path, "--bind", "127.0.0.1",
                "--management-port", "\(managementPort)", "--base-domain", Self.baseDomain,
                // A silent worker is down after 6 s (default 10 s), which leaves the placer 9 s of the 15 s.
                "--worker-down-after", "6", "--log-level", "warning",
            ],
            environment: ["HEARTH_MASTER_KEY": masterKey],
            log: root.appendingPathComponent("logs/management.log")
        )
        state.withLock { $0.management = management }
        try await management.waitFor("Management API on")
        guard let token = management.output.firstMatch(of: #/hth_[A-Za-z0-9_-]+/#).map({ String($0.0) }) else {
            throw TestFailure("management printed no admin token: \(management.output)")
        }
        state.withLock { $0.token = token }
    }

    /// Starts a second `hearth management` on `port`, on the first one's store (`--store`) with the
    /// same master key: the standby that takes over placement when the first dies.
    @discardableResult
    func startStandbyManagement(port: Int) async throws -> FleetProcess {
        let standby = try FleetProcess(
            name: "management-b",
            launcher: [],
            arguments: [
                "management", "--data-dir", root.appendingPathComponent("management-b").path, "--store", storePath,
                "--bind", "127.0.0.1", "--management-port", "\(port)", "--base-domain", Self.baseDomain,
                "--worker-down-after", "6", "--log-level", "warning",
            ],
            environment: ["HEARTH_MASTER_KEY": masterKey],
            log: root.appendingPathComponent("logs/management-b.log")
        )
        state.withLock { $0.standby = standby }
        try await standby.waitFor("Management API on")
        return standby
    }

    var managementProcess: FleetProcess? { state.withLock { $0.management } }

    /// Starts worker `name` in its slot, joining with a new enrolment token the first time.
    @discardableResult
    func startWorker(_ name: String) async throws -> FleetProcess {
        let slot = network.slots[workerNames.firstIndex(of: name)!]
        let enrolled = workerProcess(name) != nil
        var join: [String] = []
        if !enrolled {
            let reply = try await api(.POST, "/api/workers/enrolment-tokens", json: ["validMinutes": 10])
            guard reply.status == 201, let token = try reply.json()["token"] as? String else {
                throw TestFailure("enrolment token: \(reply.status) \(reply.text)")
            }
            join = ["--join", token]
        }
        let worker = try FleetProcess(
            name: name,
            launcher: slot.launcher,
            arguments: [
                "worker", "--data-dir", root.appendingPathComponent(name).path, "--store", storePath,
                "--bind", slot.address, "--http-port", "\(slot.port)", "--advertise", slot.url, "--name", name,
                "--base-domain", Self.baseDomain, "--capacity-mb", "4096", "--log-level", "warning",
            ] + join + isolation,
            environment: ["HEARTH_MASTER_KEY": masterKey],
            log: root.appendingPathComponent("logs/\(name)-\(enrolled ? "restarted" : "first").log")
        )
        state.withLock { $0.workers[name] = worker }
        try await worker.waitFor("Function host listening")
        return worker
    }

    func workerProcess(_ name: String) -> FleetProcess? { state.withLock { $0.workers[name] } }

    /// Everything the processes printed, for a failure's message.
    var logs: String {
        state.withLock { state in
            ([state.management, state.standby].compactMap { $0 } + state.workers.values.sorted { $0.name < $1.name })
                .map { "--- \($0.name)\n\(String($0.output.suffix(4000)))" }.joined(separator: "\n")
        }
    }

    /// The lines of every process's log (the killed worker's too) that contain one of `needles`:
    /// the last `limit` of each, under the name of its log file.
    func logLines(containing needles: [String], limit: Int) -> String {
        let logs = root.appendingPathComponent("logs")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: logs.path)) ?? []).sorted()
        return files.map { file in
            let text = (try? String(contentsOf: logs.appendingPathComponent(file), encoding: .utf8)) ?? ""
            let matching = text.split(separator: "\n").filter { line in
                // The management's first lines hold the admin token.
                !line.contains("hth_") && needles.contains { line.contains($0) }
            }
            let skipped = matching.count > limit ? " (the last \(limit) of \(matching.count))" : ""
            return "--- \(file)\(skipped)\n" + matching.suffix(limit).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// SIGKILL to every process, then the data directories. Safe to call more than once.
    func end() {
        state.withLock { state in
            for worker in state.workers.values { worker.end() }
            state.management?.end()
            state.standby?.end()
        }
        try? FileManager.default.removeItem(at: root)
    }

    // MARK: The management API

    struct Reply: Sendable {
        var status: Int
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
                throw TestFailure("not a JSON object: \(text)")
            }
            return object
        }
    }

    /// A call to the management API (on `port`: another management process of the same store).
    func api(_ method: HTTPMethod, _ path: String, json: Any? = nil, zip: Data? = nil, port: Int? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: (port.map { "http://127.0.0.1:\($0)" } ?? managementURL) + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: try JSONSerialization.data(withJSONObject: json)))
        }
        if let zip {
            request.headers.add(name: "Content-Type", value: "application/zip")
            request.body = .bytes(ByteBuffer(data: zip))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        return Reply(status: Int(response.status.code), body: Data(buffer: try await response.body.collect(upTo: 16 << 20)))
    }

    /// `GET /api/workers`, by name.
    func workers() async throws -> [String: [String: Any]] {
        let list = try await api(.GET, "/api/workers").json()["workers"] as? [[String: Any]] ?? []
        return Dictionary(list.compactMap { worker in (worker["name"] as? String).map { ($0, worker) } }) { first, _ in first }
    }

    /// `GET /api/lb/haproxy`: each app's workers, as the load balancer configuration places it.
    func placements() async throws -> [String: [String]] {
        let fleet = try await api(.GET, "/api/lb/haproxy").json()["fleet"] as? [String: Any] ?? [:]
        let apps = fleet["apps"] as? [[String: Any]] ?? []
        var placements: [String: [String]] = [:]
        for app in apps {
            guard let name = app["name"] as? String else { continue }
            placements[name] = (app["workers"] as? [String] ?? []).sorted()
        }
        return placements
    }

    /// The newest invocation log entries of `app` (at most 1000).
    func invocations(_ app: String, function: String? = nil) async throws -> [[String: Any]] {
        let query = function.map { "function=\($0)&" } ?? ""
        return try await api(.GET, "/api/apps/\(app)/invocations?\(query)limit=1000").json()["invocations"] as? [[String: Any]] ?? []
    }
}
