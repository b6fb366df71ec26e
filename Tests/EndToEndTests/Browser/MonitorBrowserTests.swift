import Foundation
import NIOHTTP1
import Testing

/// The portal's monitor in Chromium (Tests/Browser/monitor.py), with `hearth management` (which
/// serves the portal) and `hearth worker` as separate processes on one store, signed in as the first
/// admin through the link the management role printed: a call made with curl appears in the live
/// view within 2 s.
@Suite(.serialized, .enabled(if: !BrowserScript.skipped, "HEARTH_SKIP_BROWSER=1"))
struct MonitorBrowserTests {
    @Test(.timeLimit(.minutes(5)))
    func aCallMadeWithCurlAppearsInTheLiveViewWithinTwoSeconds() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-monitor-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let ports = Self.distinctPorts(2)
        let common =
            ["--data-dir", data.path, "--management-port", "\(ports[0])", "--http-port", "\(ports[1])", "--log-level", "warning"]
            + (HostCapabilities.sandbox ? [] : ["--no-isolation"])
        let roles = SplitRolesTests()
        let management = try SplitRolesTests.Role(["management"] + common)
        defer { management.stop() }
        try await management.waitFor("Management API on")
        let token = try #require(management.output.text.firstMatch(of: #/hth_[A-Za-z0-9_-]+/#).map { String($0.0) })
        let signIn = try FirstAdminSignIn(printedIn: management.output.text)
        let worker = try SplitRolesTests.Role(["worker"] + common)
        defer { worker.stop() }
        try await worker.waitFor("Function host listening")

        let portal = "http://127.0.0.1:\(ports[0])"
        #expect(try await roles.send(.POST, portal + "/api/tenants", token: token, json: #"{"name":"watch"}"#).0 == 201)
        #expect(try await roles.send(.POST, portal + "/api/apps", token: token, json: #"{"name":"watched","tenant":"watch"}"#).0 == 201)
        let zip = try AppZip.zip(AppZip.files(ofFixture: "hello-python"))
        #expect(try await roles.send(.POST, portal + "/api/apps/watched/deployments", token: token, zip: zip).0 == 201)
        let call = "http://127.0.0.1:\(ports[1])/_app/watched/api/hello/Monitor"
        let deadline = ContinuousClock.now + .seconds(30)
        while try await roles.send(.GET, call).0 != 200 {
            guard ContinuousClock.now < deadline else { throw TestFailure("the app never answered: \(worker.output.text)") }
            try await Task.sleep(for: .milliseconds(100))
        }

        let outcome = try await BrowserScript(name: "monitor").run(
            managementURL: portal,
            environment: signIn.environment.merging(["HEARTH_MONITOR_APP": "watched", "HEARTH_MONITOR_CALL": call]) { $1 }
        )
        #expect(outcome.status == 0, "\(outcome.description)")
        for name in ["live-view", "chart"] { #expect(outcome.passed(name), "\(name): \(outcome.description)") }
    }

    static func distinctPorts(_ count: Int) -> [Int] {
        var ports: [Int] = []
        while ports.count < count {
            let port = HearthServer.freePort()
            if !ports.contains(port) { ports.append(port) }
        }
        return ports
    }
}
