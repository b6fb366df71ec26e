import Foundation
import HearthCore
import HearthStore
import Testing

/// The portal's Workers page in headless Chromium (Tests/Browser/workers.py), against a real `hearth
/// serve` whose worker heartbeats, beside a second worker registered in the store: the first admin
/// drains serve's worker from the page and sees its state change (and makes it ready again); a user
/// who is not an admin gets the answer every admin page gives. With HEARTH_WORKERS_SCREENSHOT set, the
/// page is saved there as a PNG (docs/screenshots/portal-workers.png was made so).
@Suite(.serialized, .enabled(if: !BrowserScript.skipped, "HEARTH_SKIP_BROWSER=1"))
struct WorkersBrowserTests {
    let script = BrowserScript(name: "workers")
    static let workerName = "serve-worker-1"

    @Test(.timeLimit(.minutes(5)))
    func anAdminDrainsAWorkerFromThePortalAndOthersCannotSeeThePage() async throws {
        let server = try await HearthServer(extraArguments: ["--name", Self.workerName, "--label", "zone=a"])
        defer { server.stop() }
        let signIn = try FirstAdminSignIn(printedIn: server.log)

        // A second worker, kept alive by heartbeats from this test while the script runs.
        let key = try MasterKey.load(dataDirectory: server.dataDirectory, environment: [:])
        let store = try SQLiteStore(path: server.dataDirectory.appendingPathComponent("hearth.sqlite").path, cipher: key.cipher)
        let desk = WorkerRegistration(
            name: "desk-7",
            advertiseURL: "http://desk-7.lan:7071",
            capacityMB: 8192,
            labels: ["zone": "b", "spare": "desktop"],
            version: "1.0.0"
        )
        guard case .admitted(let record) = try await store.registerWorker(desk, credentialHash: nil, at: Date()) else {
            throw TestFailure("desk-7 was not admitted")
        }

        let added = try HearthCLI.run(
            ["user", "add", "mia", "--display-name", "Mia Member", "--portal-url", server.managementURL, "--data-dir", server.dataDirectory.path],
            environment: ["HEARTH_MASTER_KEY": nil, "HEARTH_STORE": nil]
        )
        #expect(added.status == 0, "\(added.output)")
        let setup = try #require(added.output.split(separator: "\n").first { $0.contains("/setup/") }).trimmingCharacters(in: .whitespaces)
        let member = ["login": "mia", "password": "a long pass phrase for mia", "setup": setup]

        var environment = signIn.environment
        environment["HEARTH_WORKER_NAME"] = Self.workerName
        environment["HEARTH_MEMBER"] = String(decoding: try JSONSerialization.data(withJSONObject: member), as: UTF8.self)
        if let screenshot = ProcessInfo.processInfo.environment["HEARTH_WORKERS_SCREENSHOT"] {
            environment["HEARTH_WORKERS_SCREENSHOT"] = screenshot
        }
        let heartbeats = Task {
            while !Task.isCancelled {
                let load = WorkerLoad(appsRunning: 2, sandboxMemoryBytes: 768 << 20, inFlightInvocations: 3)
                _ = try? await store.heartbeat(workerID: record.id, credentialHash: nil, load: load, at: Date())
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
        defer { heartbeats.cancel() }
        let outcome = try await script.run(against: server, environment: environment)
        #expect(outcome.status == 0, "\(outcome.description)")
        for name in ["admin-drains", "not-for-members"] {
            #expect(outcome.passed(name), "\(name): \(outcome.description)")
        }
        #expect(try await store.worker(named: Self.workerName)?.state == .ready)
        let events = try await store.exportAudit(after: nil, limit: 1000)
        #expect(events.contains { $0.action == "worker.drain" && $0.target == Self.workerName }, "\(events.map(\.action))")
        #expect(events.contains { $0.action == "worker.ready" && $0.target == Self.workerName }, "\(events.map(\.action))")
    }
}
