import Foundation
import HearthCore
import HearthManagement
import HearthPortal
import HearthStore
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import Testing

/// The portal's monitor in Chromium, with `hearth management` and `hearth worker` as separate
/// processes on one store: a call made with curl appears in the live view within 2 s.
///
/// Until sign-in is mounted in `hearth`, the portal is served in this process (on a real port,
/// over the same SQLite store the two processes use) with an authenticator that sees every
/// request as an owner of the app's tenant.
@Suite(.serialized, .enabled(if: !BrowserScript.skipped, "HEARTH_SKIP_BROWSER=1"))
struct MonitorBrowserTests {
    struct OwnerOfTenant: PortalAuthenticator {
        let identity: PortalIdentity

        func identify(_ request: Request, context: PortalRequestContext) async throws -> PortalIdentity? { identity }
    }

    @Test func aCallMadeWithCurlAppearsInTheLiveViewWithinTwoSeconds() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-monitor-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let ports = Self.distinctPorts(3)
        let common =
            ["--data-dir", data.path, "--management-port", "\(ports[0])", "--http-port", "\(ports[1])", "--log-level", "warning"]
            + (HostCapabilities.sandbox ? [] : ["--no-isolation"])
        let roles = SplitRolesTests()
        let management = try SplitRolesTests.Role(["management"] + common)
        defer { management.stop() }
        try await management.waitFor("Management API on")
        let token = try #require(management.output.text.firstMatch(of: #/hth_[A-Za-z0-9_-]+/#).map { String($0.0) })
        let worker = try SplitRolesTests.Role(["worker"] + common)
        defer { worker.stop() }
        try await worker.waitFor("Function host listening")

        let api = "http://127.0.0.1:\(ports[0])/api"
        #expect(try await roles.send(.POST, api + "/tenants", token: token, json: #"{"name":"watch"}"#).0 == 201)
        #expect(try await roles.send(.POST, api + "/apps", token: token, json: #"{"name":"watched","tenant":"watch"}"#).0 == 201)
        let zip = try AppZip.zip(AppZip.files(ofFixture: "hello-python"))
        #expect(try await roles.send(.POST, api + "/apps/watched/deployments", token: token, zip: zip).0 == 201)
        let call = "http://127.0.0.1:\(ports[1])/_app/watched/api/hello/Monitor"
        let deadline = ContinuousClock.now + .seconds(30)
        while try await roles.send(.GET, call).0 != 200 {
            guard ContinuousClock.now < deadline else { throw TestFailure("the app never answered: \(worker.output.text)") }
            try await Task.sleep(for: .milliseconds(100))
        }

        let key = try MasterKey.load(dataDirectory: data)
        let store = try await StoreFactory.open(connectionString: nil, dataDirectory: data, cipher: key.cipher)
        let tenant = try #require(try await store.tenant(named: "watch"))
        let identity = PortalIdentity(
            principal: Principal(token: APIToken(name: "browser", role: .owner, tenantID: tenant.id)),
            displayName: "Browser",
            tenants: [tenant],
            selectedTenant: tenant,
            csrfToken: "browser"
        )
        let portal = try Portal(store: store, authenticator: OwnerOfTenant(identity: identity))
        let listening = AsyncStream<Void>.makeStream()
        let app = Application(
            router: portal.buildRouter(),
            configuration: .init(address: .hostname("127.0.0.1", port: ports[2])),
            onServerRunning: { _ in listening.continuation.yield() }
        )
        let group = ServiceGroup(services: [app], gracefulShutdownSignals: [], logger: Logger(label: "monitor-browser-test"))
        let serving = Task { try await group.run() }
        defer {
            Task { await group.triggerGracefulShutdown() }
            serving.cancel()
        }
        var started = listening.stream.makeAsyncIterator()
        _ = await started.next()

        setenv("HEARTH_MONITOR_APP", "watched", 1)
        setenv("HEARTH_MONITOR_CALL", call, 1)
        let outcome = try await BrowserScript(name: "monitor").run(managementURL: "http://127.0.0.1:\(ports[2])")
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
