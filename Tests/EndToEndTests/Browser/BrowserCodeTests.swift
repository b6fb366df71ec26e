import Foundation
import HearthCore
import HearthManagement
import HearthPackages
import HearthPortal
import HearthStore
import HearthWorker
import Hummingbird
import Logging
import NIOCore
import Testing

/// The portal's Code and Test/Run pages in a real headless Chromium (Tests/Browser/code.py): edit a
/// function's code and see the new code answer over HTTP; an invalid edit shows the problem and the
/// old code keeps serving; a test run with headers and body shows the response and logs.
///
/// Until sign-in is mounted in `hearth serve`, the portal runs in-process here on a real port, with
/// an authenticator that makes every request an owner of the test tenant, next to a real worker on
/// the same store. The script takes the portal's URL, so it runs unchanged against a signed-in portal.
@Suite(.serialized, .enabled(if: !BrowserScript.skipped, "HEARTH_SKIP_BROWSER=1"))
struct BrowserCodeTests {
    let script = BrowserScript(name: "code")

    @Test(.timeLimit(.minutes(5)))
    func editInvalidEditAndTestRunInChromium() async throws {
        try await PortalUnderTest.run { portal, worker in
            let outcome = try await script.run(managementURL: portal, workerURL: worker)
            #expect(outcome.status == 0, "\(outcome.description)")
            for name in ["edit-code", "invalid-edit", "test-run"] {
                #expect(outcome.passed(name), "\(name): \(outcome.description)")
            }
        }
    }
}

/// Every request is an owner of tenant `acme` (a stand-in for sign-in).
struct OwnerAuthenticator: PortalAuthenticator {
    let identity: PortalIdentity

    func identify(_ request: Request, context: PortalRequestContext) async throws -> PortalIdentity? { identity }
}

/// A store with app `hello` (the hello-python fixture) deployed, a worker and the portal on free ports.
enum PortalUnderTest {
    static func run(_ body: @Sendable (_ portalURL: String, _ workerURL: String) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-portal-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = Data((0..<32).map { _ in UInt8.random(in: .min ... .max) })
        let store = try SQLiteStore(path: directory.appendingPathComponent("hearth.sqlite").path, cipher: try SecretCipher(keyBytes: key))
        let tenant = Tenant(name: "acme")
        try await store.createTenant(tenant)
        let app = AppRecord(tenantID: tenant.id, name: "hello")
        try await store.createApp(app)
        let zip = try PackageArchive.zipFolder(AppZip.fixtures.appendingPathComponent("apps/hello-python"))
        let logger = Logger(label: "portal-browser")
        _ = try await DeploymentPipeline(store: store, configuration: ManagementConfiguration())
            .deploy(zip, to: app, options: .init(author: "test"), logger: logger)

        var workerConfiguration = WorkerConfiguration(dataDirectory: directory.appendingPathComponent("worker"))
        workerConfiguration.host = "127.0.0.1"
        workerConfiguration.port = 0
        let (workerPorts, workerContinuation) = AsyncStream.makeStream(of: Int.self)
        let worker = WorkerRole(store: store, configuration: workerConfiguration, logger: logger) { workerContinuation.yield($0) }

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { workerContinuation.finish() }
                try await worker.run()
            }
            var workerIterator = workerPorts.makeAsyncIterator()
            let workerPort = try #require(await workerIterator.next())
            let workerURL = "http://127.0.0.1:\(workerPort)"

            var management = ManagementConfiguration()
            management.workerPublicURL = workerURL
            let identity = PortalIdentity(
                principal: Principal(token: APIToken(name: "browser", role: .owner, tenantID: tenant.id)),
                displayName: "Browser Tester",
                tenants: [tenant],
                selectedTenant: tenant,
                csrfToken: "browser-test-csrf-token"
            )
            let portal = try Portal(store: store, configuration: management, authenticator: OwnerAuthenticator(identity: identity))
            let (portalPorts, portalContinuation) = AsyncStream.makeStream(of: Int.self)
            let application = Application(
                router: portal.buildRouter(),
                configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: { channel in portalContinuation.yield(channel.localAddress?.port ?? 0) },
                logger: logger
            )
            group.addTask {
                defer { portalContinuation.finish() }
                try await application.runService()
            }
            var portalIterator = portalPorts.makeAsyncIterator()
            let portalPort = try #require(await portalIterator.next())
            do {
                try await body("http://127.0.0.1:\(portalPort)", workerURL)
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
        }
    }
}
