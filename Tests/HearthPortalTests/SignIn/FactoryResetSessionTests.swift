import Foundation
import HearthCore
import HearthManagement
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HearthPortal

/// A factory reset from the portal with its own sign-in: the reset ends the session it was made in.
struct FactoryResetSessionTests {
    @Test("the reset's answer removes the session cookie, and the old session opens nothing")
    func resetRemovesTheSessionCookie() async throws {
        let harness = try await SignInHarness()
        try await harness.user("root", admin: true)
        var configuration = ManagementConfiguration()
        configuration.dataDirectory = harness.instance.directory
        let portal = try Portal(store: harness.store, configuration: configuration, signIn: harness.signIn)
        let app = Application(router: portal.buildRouter(), configuration: .init())
        try await app.test(.router) { client in
            let cookie = try #require(try await client.signIn(harness, login: "root").sessionCookie)
            let csrf = harness.csrf(for: cookie)
            let refused = try await client.send(.post, "/admin/reset", cookie: cookie, form: [("csrf", csrf), ("confirm", "no")])
            #expect(refused.status == .badRequest)
            #expect(refused.setCookie == nil, "a refused reset keeps the session")

            let done = try await client.send(.post, "/admin/reset", cookie: cookie, form: [("csrf", csrf), ("confirm", "reset")])
            #expect(done.status == .ok)
            let shown = done.body.contains("The instance was reset")
            #expect(shown)
            // Only the header in a failure's message: the page shows the new admin token.
            let cleared = done.setCookie ?? "no Set-Cookie"
            #expect(cleared.hasPrefix("\(SessionCookie.developmentName)=;"), "\(cleared)")
            #expect(cleared.contains("Max-Age=0"), "\(cleared)")
            #expect(try await client.send(.get, "/apps", cookie: cookie).location?.hasPrefix("/signin") == true)
        }
    }
}
