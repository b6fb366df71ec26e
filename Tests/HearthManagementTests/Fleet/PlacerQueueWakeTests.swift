import Foundation
import HearthCore
import HearthStore
import Testing

@testable import HearthManagement

/// The placer on one SQLite store wakes a queue-triggered app with `HEARTH_INSTANCES=0` when
/// messages wait in its queue, and lets it go once the queue stayed empty (injected clock).
@Suite struct PlacerQueueWakeTests {
    /// Deploys `name` with a queue-triggered function `Work` (queue `%JOBS_QUEUE%`, resolved from
    /// the settings like on a worker) next to an HTTP one.
    static func deployQueueApp(_ name: String, on fleet: PlacerServiceTests.Fleet, settings: [String: String]) async throws -> AppRecord {
        let app = try await fleet.instance.seedApp(name)
        var files = SampleApps.hello
        files["Work/function.json"] =
            #"{"bindings": [{"type": "queueTrigger", "direction": "in", "name": "m", "queueName": "%JOBS_QUEUE%", "connection": "Jobs"}]}"#
        files["Work/index.js"] = "module.exports = async function (context, m) {}"
        let zip = try ZipBuilder.zip(files)
        let sha = String(repeating: "b", count: 64)
        try await fleet.store.putPackage(sha256: sha, content: zip)
        let deployment = Deployment(appID: app.id, packageSHA256: sha, packageSize: zip.count, status: .succeeded)
        try await fleet.store.createDeployment(deployment)
        try await fleet.store.activateDeployment(appID: app.id, deploymentID: deployment.id)
        try await fleet.store.putSettings(appID: app.id, settings.map { AppSetting(name: $0.key, value: $0.value, isSecret: false) })
        return try #require(try await fleet.store.apps(tenantID: nil).first { $0.id == app.id })
    }

    @Test func messagesInItsQueueWakeAnAppWithNoInstancesAndAnEmptyQueueLetsItGo() async throws {
        let fleet = try await PlacerServiceTests.Fleet()
        let worker = try await fleet.worker("w1")
        let jobs = try await Self.deployQueueApp("jobs", on: fleet, settings: ["HEARTH_INSTANCES": "0", "JOBS_QUEUE": "Jobs-In"])
        var configuration = PlacerService.Configuration()
        configuration.policy.scaleInWindow = .seconds(4)
        let placer = fleet.placer("only", configuration: configuration)

        #expect(await placer.step() != nil)
        #expect(try await fleet.placement(jobs).isEmpty)

        let account = try await fleet.store.defaultQueueAccount(tenantID: jobs.tenantID, at: fleet.clock.now)
        let queue = QueueRecord(accountID: account.id, name: try QueueName("jobs-in"))
        #expect(try await fleet.store.createQueue(queue))
        fleet.clock.advance(2)
        try await fleet.heartbeat(worker)
        #expect(try #require(await placer.step()).moves.isEmpty)
        #expect(try await fleet.placement(jobs).isEmpty)

        _ = try await fleet.store.putMessage(queueID: queue.id, body: Data("job".utf8), visibilityDelay: 0, timeToLive: nil, at: fleet.clock.now)
        fleet.clock.advance(2)
        try await fleet.heartbeat(worker)
        let woken = try #require(await placer.step())
        #expect(woken.moves.map(\.reason) == [.queueDepth])
        #expect(try await fleet.placement(jobs) == ["w1"])

        _ = try await fleet.store.clearMessages(queueID: queue.id)
        var removed = false
        for _ in 0..<5 where !removed {
            fleet.clock.advance(2)
            try await fleet.heartbeat(worker)
            removed = try #require(await placer.step()).moves.contains { $0.kind == .remove }
        }
        #expect(removed)
        #expect(try await fleet.placement(jobs).isEmpty)
    }

    @Test func aTriggerWhoseConnectionCannotBeResolvedIsAProblemNamingTheFunction() async throws {
        let fleet = try await PlacerServiceTests.Fleet()
        let jobs = try await Self.deployQueueApp(
            "jobs",
            on: fleet,
            settings: ["HEARTH_INSTANCES": "0", "JOBS_QUEUE": "jobs", "Jobs": "AccountName=elsewhere"]
        )
        let reader = PlacerQueueReader(store: fleet.store)
        let settings = try await fleet.store.settings(appIDs: [jobs.id])
        let queues = try await reader.read(apps: [jobs], settings: settings, at: fleet.clock.now)
        #expect(!queues.isQueueTriggered(jobs.id))
        let problem = try #require(queues.problems[jobs.id]?.first)
        #expect(problem.contains("function 'Work'"))
        #expect(problem.contains("'Jobs'"))
        #expect(!problem.contains("elsewhere"))
        // The placer round still runs and places nothing.
        try await fleet.worker("w1")
        #expect(try #require(await fleet.placer("only").step()).moves.isEmpty)
        #expect(try await fleet.placement(jobs).isEmpty)
    }
}
