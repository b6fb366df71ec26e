import Foundation
import HTTPTypes
import HearthCore
import HearthManagement
import HearthStore
import Hummingbird
import HummingbirdTesting
import NIOCore

@testable import HearthPortal

/// A clock the tests move.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = start
    }

    var now: Date { lock.withLock { current } }

    func advance(_ seconds: TimeInterval) {
        lock.withLock { current = current.addingTimeInterval(seconds) }
    }
}

/// The portal with its own sign-in over a SQLite store, a movable clock and a fast hasher.
struct SignInHarness {
    /// The authority HummingbirdTesting gives every request.
    static let host = "localhost"
    static let password = "correct horse battery staple"
    let instance: PortalTestInstance
    let clock = TestClock()
    let signIn: PortalSignIn
    let key = Array(repeating: UInt8(7), count: 32)

    init() async throws {
        instance = try await PortalTestInstance()
        let clock = self.clock
        signIn = PortalSignIn(
            store: instance.store,
            csrfKey: key,
            portalURL: nil,
            isHTTPS: false,
            hasher: PasswordHasher(cost: 4),
            now: { clock.now }
        )
    }

    var store: SQLiteStore { instance.store }

    /// A local user with ``password``.
    @discardableResult
    func user(_ login: String, admin: Bool = false, totp: TOTPFactor? = nil) async throws -> User {
        let user = User(
            subject: login,
            displayName: login.capitalized,
            isAdmin: admin,
            createdAt: clock.now,
            totpSecret: totp.map { Data($0.secret) },
            totpEnabled: totp != nil
        )
        try await store.createUser(user)
        try await store.setPasswordHash(userID: user.id, try await signIn.hasher.hash(Self.password), at: clock.now)
        return user
    }

    /// The token of the forms shown before sign-in.
    var anonymousToken: String { CSRFGuard(key: key, portalOrigin: Origin("http://\(Self.host)")!).token(forSessionID: PortalSignIn.anonymousFormID) }

    /// The CSRF token of a session.
    func csrf(for cookie: String) -> String {
        CSRFGuard(key: key, portalOrigin: Origin("http://\(Self.host)")!).token(forSessionID: cookie)
    }

    func portal() throws -> Portal {
        try Portal(store: store, signIn: signIn)
    }

    func test<Value: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        let app = Application(router: try portal().buildRouter(), configuration: .init())
        return try await app.test(.router, body)
    }
}

/// A response as the tests read it.
struct PortalReply: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: String

    var location: String? { headers[.location] }
    var setCookie: String? { headers[.setCookie] }

    /// The session id the response's `Set-Cookie` carries, if it sets one.
    var sessionCookie: String? {
        guard let setCookie, let first = setCookie.split(separator: ";").first else { return nil }
        let parts = first.split(separator: "=", maxSplits: 1)
        guard parts.count == 2, !parts[1].isEmpty else { return nil }
        return String(parts[1])
    }
}

extension TestClientProtocol {
    /// A request to the portal (at ``SignInHarness/host``) with the session cookie, if any.
    func send(
        _ method: HTTPRequest.Method,
        _ uri: String,
        cookie: String? = nil,
        form: [(String, String)]? = nil,
        headers extra: [String: String] = [:]
    ) async throws -> PortalReply {
        var headers = HTTPFields()
        if let cookie { headers[.cookie] = "\(SessionCookie.developmentName)=\(cookie)" }
        for (name, value) in extra { headers[HTTPField.Name(name)!] = value }
        var body: ByteBuffer?
        if let form {
            headers[.contentType] = "application/x-www-form-urlencoded"
            body = ByteBuffer(string: form.map { "\(Self.percent($0))=\(Self.percent($1))" }.joined(separator: "&"))
        }
        return try await execute(uri: uri, method: method, headers: headers, body: body) { response in
            PortalReply(status: response.status, headers: response.headers, body: String(buffer: response.body))
        }
    }

    /// Signs in with the user name and password; returns the reply (its cookie on success).
    func signIn(_ harness: SignInHarness, login: String, password: String = SignInHarness.password) async throws -> PortalReply {
        try await send(.post, "/signin", form: [("csrf", harness.anonymousToken), ("login", login), ("password", password)])
    }

    private static func percent(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}
