import Foundation
import HTTPTypes
import HearthCore
import HearthStore
import HearthTestSupport
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import HearthManagement

/// A management API over a fresh SQLite store in a temporary folder, with an admin token.
struct TestInstance {
    let store: SQLiteStore
    let api: ManagementAPI
    let adminToken: String
    /// Removed with its contents once the last copy of this instance goes.
    private let folder: TemporaryDirectory
    var directory: URL { folder.url }

    init(configuration: ManagementConfiguration = ManagementConfiguration()) async throws {
        folder = try TemporaryDirectory(prefix: "hearth-mgmt")
        let key = Data((0..<32).map { _ in UInt8.random(in: .min ... .max) })
        store = try SQLiteStore(path: folder.url.appendingPathComponent("hearth.sqlite").path, cipher: try SecretCipher(keyBytes: key))
        api = ManagementAPI(store: store, configuration: configuration)
        adminToken = try #require(try await AdminBootstrap.ensureAdminToken(store: store))
    }

    /// Runs `body` against the in-memory router.
    func test<Value: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        let app = Application(
            router: HTTP1HostHarness(inner: ScmHostRouter(api.buildRouter(), baseDomain: api.configuration.baseDomain)),
            configuration: .init(),
            services: [api.deploymentQueue],
            logger: api.logger
        )
        return try await app.test(.router, body)
    }

    /// Creates a token directly in the store.
    func token(role: APIToken.Role, tenant: String?) async throws -> String {
        let secret = APITokenSecret.generate()
        var tenantID: UUID?
        if let tenant { tenantID = try await store.tenant(named: tenant)?.id }
        try await store.createToken(
            APIToken(name: "\(role)-\(UUID().uuidString.prefix(4))", role: role, tenantID: tenantID),
            secretHash: APITokenSecret.hash(secret)
        )
        return secret
    }

    /// A tenant and an app in it, created in the store directly.
    @discardableResult
    func seedApp(_ name: String = "orders", tenant: String = "acme") async throws -> AppRecord {
        var tenantRecord = try await store.tenant(named: tenant)
        if tenantRecord == nil {
            let created = Tenant(name: tenant)
            try await store.createTenant(created)
            tenantRecord = created
        }
        let app = AppRecord(tenantID: tenantRecord!.id, name: name)
        try await store.createApp(app)
        return app
    }

    /// The stored app, re-read.
    func app(_ name: String) async throws -> AppRecord {
        try #require(try await store.app(named: name))
    }
}
