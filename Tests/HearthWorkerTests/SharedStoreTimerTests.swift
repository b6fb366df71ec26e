import Crypto
import Foundation
import HearthCore
import HearthPackages
import HearthStore
import Logging
import Testing

@testable import HearthWorker

/// Two workers on one store: every timer occurrence runs exactly once.
@Suite struct SharedStoreTimerTests {
    @Test(.timeLimit(.minutes(2)))
    func twoWorkersRunEachOccurrenceOnce() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-shared-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try SQLiteStore(
            path: root.appendingPathComponent("hearth.sqlite").path,
            cipher: SecretCipher(keyBytes: Data(repeating: 1, count: 32))
        )

        // The fixture app: Tick runs every 2 seconds and appends to ticks.log in HELLO_STATE_DIR.
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/apps/hello-python")
        let zip = try PackageArchive.zipFolder(fixture)
        let sha = SHA256.hash(data: zip).map { String(format: "%02x", $0) }.joined()
        let tenant = Tenant(name: "t")
        try await store.createTenant(tenant)
        let app = AppRecord(tenantID: tenant.id, name: "ticker")
        try await store.createApp(app)
        try await store.putSettings(appID: app.id, [AppSetting(name: "HELLO_STATE_DIR", value: root.path, isSecret: false)])
        try await store.putPackage(sha256: sha, content: zip)
        let deployment = Deployment(appID: app.id, packageSHA256: sha, packageSize: zip.count, status: .succeeded)
        try await store.createDeployment(deployment)
        try await store.activateDeployment(appID: app.id, deploymentID: deployment.id)

        func worker(_ name: String) -> WorkerRole {
            var configuration = WorkerConfiguration(dataDirectory: root.appendingPathComponent(name))
            configuration.workerID = name
            configuration.port = 0
            return WorkerRole(store: store, configuration: configuration, logger: Logger(label: name))
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await worker("w1").run() }
            group.addTask { try await worker("w2").run() }
            // Until four occurrences ran (a busy machine starts the workers late), 45 s at most.
            let deadline = ContinuousClock.now + .seconds(45)
            while ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(500))
                if try await store.invocations(appID: app.id, functionName: "Tick", limit: 100).filter({ $0.trigger == "timer" }).count >= 4 { break }
            }
            group.cancelAll()
        }

        // Every run is in the log (one cut off by the end of the test as `running` or `failed`).
        let timerRuns = try await store.invocations(appID: app.id, functionName: "Tick", limit: 100)
            .filter { $0.trigger == "timer" }
            .sorted { $0.startedAt < $1.startedAt }
        #expect(timerRuns.count >= 3)
        // Occurrences are 2 s apart: one occurrence run twice would show two starts within
        // milliseconds; a busy machine starts an occurrence up to a second late.
        for (a, b) in Swift.zip(timerRuns, timerRuns.dropFirst()) {
            #expect(b.startedAt.timeIntervalSince(a.startedAt) > 0.5, "\(a.workerID ?? "") and \(b.workerID ?? "") ran the same occurrence")
        }
        let lines = try String(contentsOf: root.appendingPathComponent("ticks.log"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count <= timerRuns.count)
        #expect(lines.count >= timerRuns.count - 1)
    }
}
