import Foundation
import HearthCore
import HearthManagement
import HearthStore
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

@testable import HearthPortal

/// The apps list reads the store a fixed number of times per page: each row's settings, status and
/// serving deployment come from one query of each kind for the whole page, and the runtime column
/// from the loaded-package cache, not from a read per row.
@Suite struct PortalAppsListReadsTests {
    /// The SELECTs a SQLite store ran (its own statements, not SQLite's schema reads).
    final class SelectCounter: Sendable {
        private let statements = Mutex<[String]>([])

        func record(_ sql: String) {
            let text = sql.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
            guard text.hasPrefix("SELECT") || text.hasPrefix("WITH"), !text.contains("SQLITE_") else { return }
            statements.withLock { $0.append(sql) }
        }

        /// The statements `body` made run.
        func during(_ body: () async throws -> Void) async rethrows -> [String] {
            statements.withLock { $0.removeAll() }
            try await body()
            return statements.withLock { $0 }
        }
    }

    /// `count` deployed apps more in `tenant`, each with a setting and a status; all share one
    /// package, so the list loads it once.
    static func seed(_ count: Int, from first: Int, tenant: Tenant, store: SQLiteStore) async throws {
        let pipeline = DeploymentPipeline(store: store, configuration: ManagementConfiguration())
        let zip = try PortalDeploymentTests.package()
        for number in first..<(first + count) {
            let app = AppRecord(tenantID: tenant.id, name: String(format: "app-%03d", number))
            try await store.createApp(app)
            try await store.putSettings(appID: app.id, [AppSetting(name: "FUNCTIONS_WORKER_RUNTIME", value: "node", isSecret: false)])
            _ = try await pipeline.deploy(zip, to: app, options: .init(author: "ann"), logger: Logger(label: "test"))
            try await store.setAppStatus(appID: app.id, AppStatus(state: "ready", workerID: "w1"))
        }
    }

    @Test("a page of 22 deployed apps makes as many store reads as a page of 2")
    func readsDoNotGrowWithTheApps() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-portal-reads-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let counter = SelectCounter()
        let store = try SQLiteStore(
            path: directory.appendingPathComponent("hearth.sqlite").path,
            cipher: try SecretCipher(keyBytes: Data(repeating: 3, count: 32)),
            traceStatements: { counter.record($0) }
        )
        let tenant = Tenant(name: "acme")
        try await store.createTenant(tenant)
        let identity = PortalIdentity(
            principal: Principal(token: APIToken(name: "person", role: .owner, tenantID: tenant.id)),
            displayName: "Pat",
            tenants: [tenant],
            selectedTenant: tenant,
            csrfToken: PortalTestInstance.csrf
        )
        let portal = try Portal(store: store, authenticator: FixedAuthenticator(identity: identity))
        let application = Application(router: portal.buildRouter(), configuration: .init())
        try await application.test(.router) { client in
            /// The SELECTs of one GET /apps once the page was shown before (its package loaded).
            func reads() async throws -> (statements: [String], body: String) {
                #expect(try await client.page("/apps").status == .ok)
                var body = ""
                let statements = try await counter.during { body = try await client.page("/apps").body }
                return (statements, body)
            }
            try await Self.seed(2, from: 1, tenant: tenant, store: store)
            let few = try await reads()
            try await Self.seed(20, from: 3, tenant: tenant, store: store)
            let many = try await reads()

            #expect(many.body.contains("app-022") && many.body.components(separatedBy: "<td>node</td>").count == 23)
            #expect(many.body.contains("by ann"))
            #expect(few.statements.count == many.statements.count, "\(few.statements)\n\(many.statements)")
            #expect(!many.statements.contains { $0.contains("FROM packages") })
            #expect(many.statements.filter { $0.contains("app_settings") }.count == 1)
        }
    }
}
