import Foundation
import NIOHTTP1
import Testing

/// Timer triggers fire on their NCRONTAB schedule and are recorded in the invocation log.
@Suite(.serialized) struct TimerTests {
    @Test func timerFiresOnSchedule() async throws {
        let server = try await HearthServer()
        defer { server.stop() }
        try await server.createApp("ticker")
        #expect(try await server.deploy("ticker", zip: AppZip.zip(AppZip.files(ofFixture: "hello-python"))).status == 201)
        // Tick runs every 2 seconds ("*/2 * * * * *").
        let fired = try await server.eventually(timeout: .seconds(15)) {
            let entries = try await server.api(.GET, "/api/apps/ticker/invocations?function=Tick").json()["invocations"] as? [[String: Any]] ?? []
            let succeeded = entries.filter { $0["trigger"] as? String == "timer" && $0["status"] as? String == "succeeded" }
            return succeeded.count >= 2 && succeeded.allSatisfy { ($0["logs"] as? [String])?.first?.hasPrefix("tick pastDue=") == true }
        }
        #expect(fired)
    }
}
