import Foundation
import GRDB
import NIOHTTP1
import Testing

/// Two `hearth worker` processes consume one queue under a 5-second lease (`--queue-lease 5s`);
/// one is killed with SIGKILL, with its handler processes, while it runs messages, then
/// restarted. Every message is processed at least once and none is lost; no two runs of a message
/// overlap; a message the killed worker held runs again only once its lease ended, with a higher
/// dequeue count.
///
/// The workers have data directories (so names) of their own and share the management role's
/// SQLite store (`--store`) and master key. The fixture's function takes ~300 ms per message and
/// writes a record of each run (message, worker, handler process, dequeue count, start, end) to
/// the queue `done`.
@Suite(.serialized) struct QueueWorkerKillTests {
    typealias Role = SplitRolesTests.Role

    /// One completed run, as the function wrote it.
    struct Run: Decodable {
        var body: String
        var worker: String
        var handler: String
        var dequeueCount: Int
        var start: Double
        var end: Double
    }

    /// A message taken and not yet deleted at the kill: its dequeue count and when its lease ends
    /// (Unix seconds).
    struct Held {
        var dequeueCount: Int
        var leaseEnds: Double
    }

    /// The management API of one app's queues, and the runs read from `done` so far.
    final class Queues {
        let base: String
        let token: String
        var runs: [Run] = []

        init(managementPort: Int, app: String, token: String) {
            base = "http://127.0.0.1:\(managementPort)/api/apps/\(app)/queues"
            self.token = token
        }

        func create(_ queue: String) async throws {
            let (status, text) = try await SplitRolesTests().send(.PUT, "\(base)/\(queue)", token: token)
            guard status == 201 || status == 200 else { throw TestFailure("creating queue \(queue): \(status) \(text)") }
        }

        func put(_ body: String) async throws {
            let json = String(decoding: try JSONSerialization.data(withJSONObject: ["text": body]), as: UTF8.self)
            let (status, text) = try await SplitRolesTests().send(.POST, "\(base)/work/messages", token: token, json: json)
            guard status == 201 else { throw TestFailure("putting \(body): \(status) \(text)") }
        }

        /// Messages in `work`, visible or taken.
        func remaining() async throws -> Int {
            let (_, text) = try await SplitRolesTests().send(.GET, "\(base)/work", token: token)
            let queue = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            return queue?["approximateMessageCount"] as? Int ?? -1
        }

        /// Takes what `done` received since the last call (under a lease longer than the test) into ``runs``.
        func refresh() async throws {
            while true {
                let request = #"{"count": 32, "visibilityTimeout": 3600}"#
                let (status, text) = try await SplitRolesTests().send(.POST, "\(base)/done/leases", token: token, json: request)
                guard status == 200 else { throw TestFailure("reading done: \(status) \(text)") }
                let list = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
                let messages = list?["messages"] as? [[String: Any]] ?? []
                if messages.isEmpty { return }
                for message in messages {
                    let record = Data((message["text"] as? String ?? "").utf8)
                    runs.append(try JSONDecoder().decode(Run.self, from: record))
                }
            }
        }

        /// Refreshes until `condition` holds for the runs (within `timeout`).
        func wait(_ what: String, timeout: Duration = .seconds(30), until condition: ([Run]) async throws -> Bool) async throws {
            let deadline = ContinuousClock.now + timeout
            while true {
                try await refresh()
                if try await condition(runs) { return }
                guard ContinuousClock.now < deadline else { throw TestFailure("not within \(timeout): \(what); runs: \(runs.count)") }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func aKilledWorkersMessagesRunAgainAfterTheirLeaseAndNoneIsLost() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-queue-kill-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        var ports: [Int] = []
        while ports.count < 4 {
            let port = HearthServer.freePort()
            if !ports.contains(port) { ports.append(port) }
        }
        let isolation = HostCapabilities.sandbox ? [] : ["--no-isolation"]
        let management = try Role(
            ["management", "--data-dir", root, "--management-port", "\(ports[0])", "--http-port", "\(ports[1])", "--log-level", "warning"]
                + isolation
        )
        defer { management.stop() }
        try await management.waitFor("Management API on")
        let token = try #require(management.output.text.firstMatch(of: #/hth_[A-Za-z0-9_-]+/#).map { String($0.0) })

        /// A worker with a data directory of its own, on the management's store and master key.
        func worker(_ name: String, port: Int) throws -> Role {
            let directory = root + "/" + name
            let key = directory + "/master.key"
            if !FileManager.default.fileExists(atPath: key) {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                try FileManager.default.copyItem(atPath: root + "/master.key", toPath: key)
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key)
            }
            return try Role(
                [
                    "worker", "--data-dir", directory, "--store", root + "/hearth.sqlite", "--http-port", "\(port)",
                    "--management-port", "\(ports[0])", "--queue-lease", "5s", "--python-pool", "0", "--log-level", "warning",
                ] + isolation
            )
        }

        let api = "http://127.0.0.1:\(ports[0])/api"
        let http = SplitRolesTests()
        #expect(try await http.send(.POST, api + "/tenants", token: token, json: #"{"name":"lease"}"#).0 == 201)
        #expect(try await http.send(.POST, api + "/apps", token: token, json: #"{"name":"leases","tenant":"lease"}"#).0 == 201)
        let appZip = try AppZip.zip(AppZip.files(ofFixture: "queue-lease-python"))
        #expect(try await http.send(.POST, api + "/apps/leases/deployments", token: token, zip: appZip).0 == 201)
        let queues = Queues(managementPort: ports[0], app: "leases", token: token)
        try await queues.create("work")
        try await queues.create("done")

        // Worker A alone runs a first message: its name is that run's.
        let workerA = try worker("worker-a", port: ports[2])
        defer { workerA.stop() }
        try await workerA.waitFor("Function host listening")
        try await queues.put("probe-0")
        try await queues.wait("worker A ran probe-0") { runs in runs.contains { $0.body == "probe-0" } }
        let nameA = try #require(queues.runs.first?.worker)

        // Worker B starts; messages go one at a time until B has run one (its handler is started).
        let workerB = try worker("worker-b", port: ports[3])
        defer { workerB.stop() }
        try await workerB.waitFor("Function host listening")
        var probes = ["probe-0"]
        while !queues.runs.contains(where: { $0.worker != nameA }) {
            guard probes.count <= 20 else { throw TestFailure("worker B ran none of \(probes.count) messages: \(workerB.output.text)") }
            let probe = "probe-\(probes.count)"
            probes.append(probe)
            try await queues.put(probe)
            try await queues.wait("\(probe) ran") { runs in runs.contains { $0.body == probe } }
        }
        let nameB = try #require(queues.runs.first { $0.worker != nameA }?.worker)

        // The load: both run messages; A is stopped, its held messages read, then killed.
        let bodies = (0..<40).map { String(format: "m-%02d", $0) }
        for body in bodies { try await queues.put(body) }
        try await queues.wait("both workers ran messages of the load") { runs in
            let load = runs.filter { $0.body.hasPrefix("m-") }
            return load.filter { $0.worker == nameA }.count >= 2 && load.filter { $0.worker == nameB }.count >= 2
        }
        let pidA = workerA.process.processIdentifier
        kill(pidA, SIGSTOP)
        let children = ProcessTree.descendants(of: pidA)
        let held = try Self.held(store: root + "/hearth.sqlite", queue: "work")
        kill(pidA, SIGKILL)
        // Without the sandbox nothing ends a handler with its worker: kill it as a crash of the machine would.
        if !HostCapabilities.sandbox { for child in children { kill(child, SIGKILL) } }
        #expect(!children.isEmpty, "worker A had no handler process")
        let deadline = ContinuousClock.now + .seconds(10)
        while workerA.process.isRunning || children.contains(where: ProcessTree.isAlive) {
            guard ContinuousClock.now < deadline else {
                throw TestFailure("still running 10 s after the kill: \(children.filter(ProcessTree.isAlive)) of worker A \(pidA)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(!held.isEmpty, "no message was taken at the kill")

        let restartedA = try worker("worker-a", port: ports[2])
        defer { restartedA.stop() }
        try await restartedA.waitFor("Function host listening")
        try await queues.wait("every message ran and work is empty", timeout: .seconds(40)) { runs in
            let done = Set(runs.map(\.body))
            guard bodies.allSatisfy(done.contains), probes.allSatisfy(done.contains) else { return false }
            return try await queues.remaining() == 0
        }

        let runs = queues.runs
        let byBody = Dictionary(grouping: runs, by: \.body)
        let lost = (probes + bodies).filter { byBody[$0] == nil }
        #expect(lost.isEmpty, "lost: \(lost)")
        #expect(Set(runs.map(\.body)) == Set(probes + bodies), "runs of messages never put")
        // No two runs of one message overlapped, on one worker or two.
        for (body, attempts) in byBody {
            let ordered = attempts.sorted { $0.start < $1.start }
            for (earlier, later) in zip(ordered, ordered.dropFirst()) {
                #expect(later.start >= earlier.end, "\(body) ran at once on \(earlier.worker) and \(later.worker): \(earlier) \(later)")
            }
        }
        // Runs again: only messages taken at the kill, only after their lease ended, counted again.
        let again = runs.filter { $0.dequeueCount >= 2 }
        #expect(!again.isEmpty, "no message the killed worker held ran again: held \(held.keys.sorted()), runs \(runs.count)")
        for run in again {
            guard let lease = held[run.body] else {
                Issue.record("\(run.body) ran again (dequeue count \(run.dequeueCount)) though it was not taken at the kill")
                continue
            }
            #expect(run.dequeueCount > lease.dequeueCount)
            #expect(run.start >= lease.leaseEnds - 0.002, "\(run.body) ran again \(lease.leaseEnds - run.start) s before its lease ended")
        }
        let summary =
            "\(runs.count) runs of \(probes.count + bodies.count) messages, \(again.count) again after the kill, "
            + "\(held.count) held at the kill"
        print("QueueWorkerKillTests: \(summary); workers \(nameA) (killed) and \(nameB)")
    }

    /// The messages of `queue` taken and not deleted (invisible after a get), read from the SQLite store.
    static func held(store path: String, queue: String) throws -> [String: Held] {
        var configuration = GRDB.Configuration()
        configuration.busyMode = .timeout(5)
        let database = try DatabaseQueue(path: path, configuration: configuration)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let rows = try database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT m.body, m.dequeue_count, m.next_visible_at FROM queue_messages m JOIN queues q ON q.id = m.queue_id
                    WHERE q.name = ? AND m.dequeue_count > 0 AND m.next_visible_at > ?
                    """,
                arguments: [queue, now]
            )
        }
        var held: [String: Held] = [:]
        for row in rows {
            let body: Data = row["body"]
            let ends: Int64 = row["next_visible_at"]
            let count: Int = row["dequeue_count"]
            held[String(decoding: body, as: UTF8.self)] = Held(dequeueCount: count, leaseEnds: Double(ends) / 1000)
        }
        return held
    }
}
