import Foundation
import HTTPTypes
import HearthCore
import HearthManagement
import HearthStore
import HearthTestSupport
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import HearthPortal

/// Signs in whoever the test says, through the same protocol the session layer will implement.
struct FixedAuthenticator: PortalAuthenticator {
    let identity: PortalIdentity?

    func identify(_ request: Request, context: PortalRequestContext) async throws -> PortalIdentity? { identity }
}

/// The portal over a fresh SQLite store in a temporary folder.
struct PortalTestInstance {
    let store: SQLiteStore
    /// Removed with its contents once the last copy of this instance goes.
    private let folder: TemporaryDirectory
    var directory: URL { folder.url }
    static let csrf = "test-csrf-token"

    init() async throws {
        folder = try TemporaryDirectory(prefix: "hearth-portal")
        let key = Data((0..<32).map { _ in UInt8.random(in: .min ... .max) })
        store = try SQLiteStore(path: folder.url.appendingPathComponent("hearth.sqlite").path, cipher: try SecretCipher(keyBytes: key))
    }

    /// A tenant (created when missing) and an app in it.
    @discardableResult
    func seedApp(_ name: String, tenant: String) async throws -> AppRecord {
        let tenantRecord = try await self.tenant(tenant)
        let app = AppRecord(tenantID: tenantRecord.id, name: name)
        try await store.createApp(app)
        return app
    }

    func tenant(_ name: String) async throws -> Tenant {
        if let existing = try await store.tenant(named: name) { return existing }
        let created = Tenant(name: name)
        try await store.createTenant(created)
        return created
    }

    /// A person with `role` in `tenant` (nil: the instance admin).
    func identity(_ role: APIToken.Role, tenant: String?) async throws -> PortalIdentity {
        var tenantRecord: Tenant?
        if let tenant { tenantRecord = try await self.tenant(tenant) }
        let principal = Principal(token: APIToken(name: "person", role: role, tenantID: tenantRecord?.id))
        return PortalIdentity(
            principal: principal,
            displayName: "Pat <b>Person</b>",
            tenants: tenantRecord.map { [$0] } ?? [],
            selectedTenant: tenantRecord,
            csrfToken: Self.csrf
        )
    }

    /// Runs `body` against the portal's router for `identity` (nil: nobody signed in).
    func test<Value: Sendable>(
        as identity: PortalIdentity?,
        vendor: VendorLibraries = .debian,
        configuration: ManagementConfiguration = ManagementConfiguration(),
        _ body: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        let portal = try Portal(
            store: store,
            configuration: configuration,
            authenticator: FixedAuthenticator(identity: identity),
            vendor: vendor
        )
        let app = Application(router: portal.buildRouter(), configuration: .init())
        return try await app.test(.router, body)
    }
}

extension TestClientProtocol {
    /// A GET; returns status, headers and the body as text.
    func page(_ uri: String) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, body: String) {
        try await execute(uri: uri, method: .get, headers: [:], body: nil) { response in
            (response.status, response.headers, String(buffer: response.body))
        }
    }

    /// A urlencoded form POST.
    func form(_ uri: String, _ fields: [(String, String)]) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, body: String) {
        let text = fields.map { name, value in
            "\(Self.encode(name))=\(Self.encode(value))"
        }.joined(separator: "&")
        var headers = HTTPFields()
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: text)) { response in
            (response.status, response.headers, String(buffer: response.body))
        }
    }

    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}
