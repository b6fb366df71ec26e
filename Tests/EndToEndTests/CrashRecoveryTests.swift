import Foundation
import NIOHTTP1
import Testing

/// kill -9 under load: after a restart on the same data directory no invocation stays `running`;
/// those the dead process left running are `abandoned`, naming the worker that had them.
@Suite(.serialized) struct CrashRecoveryTests {
    @Test(.timeLimit(.minutes(3)))
    func killedServerLeavesNoRunningInvocations() async throws {
        let first = try await HearthServer()
        try await first.createApp("crashy")
        #expect(try await first.deploy("crashy", zip: AppZip.zip(AppZip.files(ofFixture: "hello-python"))).status == 201)
        #expect(try await first.eventually { try await first.call("crashy", "/api/hello").status == 200 })

        // Load: a few hundred quick calls, and calls to Slow (it sleeps; functionTimeout is 5 s)
        // that are still running — and already in the log as `running` — when the server dies.
        let load = Task {
            await withTaskGroup(of: Void.self) { group in
                for index in 0..<300 {
                    group.addTask { _ = try? await first.call("crashy", "/api/hello/n\(index)") }
                }
                for _ in 0..<8 {
                    group.addTask { _ = try? await first.call("crashy", "/api/Slow") }
                }
            }
        }
        let running = try await first.eventually(timeout: .seconds(15)) {
            try await first.invocations("crashy", function: "Slow").filter { $0["status"] as? String == "running" }.count == 8
        }
        #expect(running, "the Slow calls never showed as running")
        try await first.kill9()
        load.cancel()  // calls still in flight fail now; no need to wait for their timeouts
        _ = await load.value

        let second = try await HearthServer(restarting: first)
        defer { second.stop() }
        let entries = try await second.api(.GET, "/api/apps/crashy/invocations?limit=1000").json()["invocations"] as? [[String: Any]] ?? []
        #expect(entries.count > 8)
        let statuses = entries.compactMap { $0["status"] as? String }
        #expect(!statuses.contains("running"), "still running after the restart: \(statuses.filter { $0 == "running" }.count)")
        let slow = try await second.invocations("crashy", function: "Slow")
        #expect(slow.count == 8)
        for entry in slow {
            #expect(entry["status"] as? String == "abandoned")
            #expect((entry["workerId"] as? String)?.hasPrefix("worker-") == true)
            #expect((entry["error"] as? String)?.contains("stopped before its end was recorded") == true)
        }
        // One entry through the API by id shows the same.
        if let id = slow.first?["id"] as? String {
            let one = try await second.api(.GET, "/api/apps/crashy/invocations/\(id)").json()
            #expect(one["status"] as? String == "abandoned")
        }
        // The restarted server serves the app again.
        #expect(try await second.eventually { try await second.call("crashy", "/api/hello").status == 200 })
    }
}
