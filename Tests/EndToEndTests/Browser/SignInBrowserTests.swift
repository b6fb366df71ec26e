import Foundation
import HearthCore
import HearthStore
import Testing

/// Signing in to the portal in headless Chromium against a real `hearth serve`: the first admin's
/// one-time link, sign-in, a wrong password, a POST without the CSRF token, sign-out and the session
/// cookie's flags (`Tests/Browser/signin.py`).
///
/// The link is the one `hearth serve` prints once at its first start (`{portal}/setup/{token}`).
@Suite(.serialized, .enabled(if: !BrowserScript.skipped, "HEARTH_SKIP_BROWSER=1"))
struct SignInBrowserTests {
    let script = BrowserScript(name: "signin")

    @Test func theFirstAdminSetsAPasswordFromTheLinkSignsInAndOutAndForgedPostsAreRefused() async throws {
        let server = try await HearthServer()
        defer { server.stop() }
        let store = try SQLiteStore(
            path: server.dataDirectory.appendingPathComponent("hearth.sqlite").path,
            cipher: try SecretCipher(keyBytes: Data(repeating: 1, count: 32))  // nothing sealed is written
        )
        let printed = try #require(server.log.range(of: #"http://[^\s]+/setup/[A-Za-z0-9_-]+"#, options: .regularExpression))
        let link = String(server.log[printed])
        #expect(link.hasPrefix("\(server.managementURL)/setup/"), "\(server.log)")

        let outcome = try await script.run(
            against: server,
            environment: [
                "HEARTH_SETUP_URL": link,
                "HEARTH_ADMIN_LOGIN": "admin",
                "HEARTH_ADMIN_PASSWORD": "a long first admin pass phrase",
            ]
        )
        #expect(outcome.status == 0, "\(outcome.description)")
        for name in ["first-admin-link", "wrong-password", "sign-in", "csrf-refused"] {
            #expect(outcome.passed(name), "\(name): \(outcome.description)")
        }
        let events = try await store.auditEvents(AuditQuery(limit: 100))
        #expect(events.contains { $0.action == "user.signin" && $0.outcome == .failure }, "\(events)")
        #expect(events.contains { $0.action == "user.signin" && $0.outcome == .success }, "\(events)")
    }
}
