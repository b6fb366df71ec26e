import Foundation
import GRDB
import HearthTestSupport
import NIOHTTP1
import Testing

/// Two `hearth management` processes on one store and a worker: the first holds the placer lease and
/// places; it is killed with SIGKILL (no chance to release the lease), and the second takes the
/// lease over within 15 s of the kill and places an app deployed after it (issue #15: "run two
/// management instances and kill one, the other takes over within 15 s").
///
/// Run it alone: `swift build --build-tests && swift test --skip-build --filter PlacerTakeoverEndToEndTests`.
@Suite(.serialized)
struct PlacerTakeoverEndToEndTests {
    /// The issue's bound from the kill to the standby placing.
    static let window = 15.0

    @Test(.timeLimit(.minutes(3)))
    func aStandbyManagementTakesPlacementOverWithin15sOfTheFirstBeingKilled() async throws {
        let network = FleetNetwork.loopback(workers: 1, reason: "one worker on 127.0.0.1 is all the takeover needs")
        let cluster = FleetCluster(network: network)
        defer { cluster.end() }
        do {
            try await run(cluster)
        } catch {
            Issue.record("\(error)\n\(cluster.logs)")
        }
    }

    private func run(_ cluster: FleetCluster) async throws {
        try await cluster.startManagement()
        let first = try #require(cluster.managementProcess)
        // The first management holds the lease before the standby exists, so the kill is the holder's.
        try await waitUntil("the first management holds the placer lease") {
            try Self.leaseOwner(cluster.storePath)?.contains("/\(first.pid)/") == true
        }
        let standbyPort = HearthServer.freePort()
        let standby = try await cluster.startStandbyManagement(port: standbyPort)
        try await cluster.startWorker("w1")
        try await waitUntil("the worker is ready") { try await cluster.workers()["w1"]?["state"] as? String == "ready" }
        let created = try await cluster.api(.POST, "/api/tenants", json: ["name": "takeover"])
        try #require(created.status == 201, "tenant: \(created.status) \(created.text)")
        try await deploy("placed-first", cluster, port: nil)
        try await waitUntil("the first management placed placed-first") { try Self.placed("placed-first", store: cluster.storePath) == ["w1"] }
        #expect(try Self.leaseOwner(cluster.storePath)?.contains("/\(first.pid)/") == true, "the standby took the lease from a live holder")

        let killedAt = ContinuousClock.now
        await first.kill9()
        // An app the dead management can no longer place: only the standby can.
        try await deploy("placed-after", cluster, port: standbyPort)
        var tookOverAfter: Double?
        var placedAfter: Double?
        while ContinuousClock.now < killedAt + .seconds(Self.window + 10), tookOverAfter == nil || placedAfter == nil {
            let elapsed = FleetLoad.seconds(ContinuousClock.now - killedAt)
            if tookOverAfter == nil, (try? Self.leaseOwner(cluster.storePath))??.contains("/\(standby.pid)/") == true { tookOverAfter = elapsed }
            if placedAfter == nil, (try? Self.placed("placed-after", store: cluster.storePath)) == ["w1"] { placedAfter = elapsed }
            try await Task.sleep(for: .milliseconds(250))
        }
        print(
            """
            PlacerTakeoverEndToEndTests: killed the placing management (SIGKILL); the standby held the lease after \
            \(tookOverAfter.map { String(format: "%.1f s", $0) } ?? "never") and placed a new app after \
            \(placedAfter.map { String(format: "%.1f s", $0) } ?? "never")
            """
        )
        #expect(tookOverAfter.map { $0 <= Self.window } == true, "the standby did not take the placer lease within 15 s")
        #expect(placedAfter.map { $0 <= Self.window } == true, "the app deployed after the kill was not placed within 15 s")
        #expect(try Self.placed("placed-first", store: cluster.storePath) == ["w1"], "the takeover moved an app nothing forced to move")
    }

    /// Creates app `name` with one instance and deploys the `hello-python` fixture to it, through
    /// the management on `port` (`nil`: the first).
    private func deploy(_ name: String, _ cluster: FleetCluster, port: Int?) async throws {
        let reply = try await cluster.api(.POST, "/api/apps", json: ["name": name, "tenant": "takeover"], port: port)
        try #require(reply.status == 201, "app \(name): \(reply.status) \(reply.text)")
        let settings = try await cluster.api(.PUT, "/api/apps/\(name)/settings", json: ["HEARTH_INSTANCES": "1"], port: port)
        try #require(settings.status == 200, "settings of \(name): \(settings.status) \(settings.text)")
        let zip = try AppZip.zip(try AppZip.files(ofFixture: "hello-python", without: "Tick"))
        let deployed = try await cluster.api(.POST, "/api/apps/\(name)/deployments", zip: zip, port: port)
        try #require(deployed.status == 201, "deploying \(name): \(deployed.status) \(deployed.text)")
    }

    /// The workers app `name` is placed on: the store's placement rows (`GET /api/lb/haproxy`
    /// lists an unplaced app on every ready worker, which with one worker looks the same).
    static func placed(_ name: String, store: String) throws -> [String] {
        try database(store).read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT w.name FROM app_placements p JOIN apps a ON a.id = p.app_id JOIN workers w ON w.id = p.worker_id
                    WHERE a.name = ? ORDER BY w.name
                    """,
                arguments: [name]
            )
        }
    }

    private static func database(_ path: String) throws -> DatabaseQueue {
        var configuration = GRDB.Configuration()
        configuration.busyMode = .timeout(5)
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    /// The owner of the store's `placer` lease (`host/pid/…`), if any holds it unexpired.
    static func leaseOwner(_ store: String) throws -> String? {
        try database(store).read { db in
            try String.fetchOne(
                db,
                sql: "SELECT owner FROM leases WHERE name = 'placer' AND expires_at > ?",
                arguments: [Int64(Date().timeIntervalSince1970 * 1000)]
            )
        }
    }

    /// Waits (readiness only) up to 60 s for `condition`; throws when it never holds.
    private func waitUntil(_ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if (try? await condition()) == true { return }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw TestFailure("timed out waiting until \(what)")
    }
}
