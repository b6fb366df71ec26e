import Foundation
import HTTPTypes
import HearthCore
import HearthManagement
import HearthStore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HearthPortal

@Suite("Portal sign-in and sessions")
struct SessionSignInTests {
    @Test("signing in sets a new HttpOnly, SameSite=Lax session cookie and opens the apps page")
    func signIn() async throws {
        let harness = try await SignInHarness()
        try await harness.user("ada", admin: true)
        try await harness.test { client in
            let page = try await client.send(.get, "/apps")
            #expect(page.status == .seeOther)
            #expect(page.location?.hasPrefix("/signin") == true)
            let reply = try await client.signIn(harness, login: "ada")
            #expect(reply.status == .seeOther)
            #expect(reply.location == "/apps")
            let setCookie = try #require(reply.setCookie)
            #expect(setCookie.hasPrefix("hearth-session="))
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax") && setCookie.contains("Path=/"))
            #expect(!setCookie.contains("Secure"))
            let cookie = try #require(reply.sessionCookie)
            let apps = try await client.send(.get, "/apps", cookie: cookie)
            #expect(apps.status == .ok)
            #expect(apps.body.contains("Ada"))
            // Signing in again gives a new id; the old one ends.
            let again = try await client.send(
                .post,
                "/signin",
                cookie: cookie,
                form: [("csrf", harness.anonymousToken), ("login", "ada"), ("password", SignInHarness.password)]
            )
            let second = try #require(again.sessionCookie)
            #expect(second != cookie)
            #expect(try await client.send(.get, "/apps", cookie: cookie).status == .seeOther)
            #expect(try await client.send(.get, "/apps", cookie: second).status == .ok)
        }
        let events = try await harness.store.auditEvents(AuditQuery(limit: 100))
        #expect(events.contains { $0.action == "user.signin" && $0.outcome == .success && $0.actor.name == "ada" })
        #expect(!events.contains { ($0.detail ?? "").contains(SignInHarness.password) })
    }

    @Test("wrong passwords are counted in the store, audited, and throttled per account with a clear message")
    func throttling() async throws {
        let harness = try await SignInHarness()
        try await harness.user("ada")
        try await harness.test { client in
            for _ in 0..<5 {
                let reply = try await client.signIn(harness, login: "ada", password: "wrong password here")
                #expect(reply.status == .unauthorized)
                #expect(reply.body.contains("The user name or password is wrong."))
                #expect(reply.setCookie == nil)
            }
            let throttled = try await client.signIn(harness, login: "ada")
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.body.contains("Too many failed sign-ins for this account; try again in"))
            #expect(throttled.setCookie == nil)
            harness.clock.advance(31)
            let later = try await client.signIn(harness, login: "ada")
            #expect(later.status == .seeOther)
        }
        let since = harness.clock.now.addingTimeInterval(-3600)
        #expect(try await harness.store.signInFailures(account: "ada", since: since) == 0)  // cleared by the success
        let events = try await harness.store.auditEvents(AuditQuery(limit: 100)).filter { $0.action == "user.signin" }
        #expect(events.filter { $0.outcome == .failure }.count == 5)
        #expect(events.contains { $0.outcome == .denied && $0.detail == "throttled" })
    }

    @Test("an idle session ends after 30 minutes, is deleted, and the sign-in page says why")
    func idleExpiry() async throws {
        let harness = try await SignInHarness()
        try await harness.user("ada")
        try await harness.test { client in
            let cookie = try #require(try await client.signIn(harness, login: "ada").sessionCookie)
            harness.clock.advance(31 * 60)
            let reply = try await client.send(.get, "/apps", cookie: cookie)
            #expect(reply.status == .seeOther)
            #expect(reply.location == "/signin?ended=idle")
            #expect(reply.setCookie?.contains("Max-Age=0") == true)
            #expect(try await harness.store.session(idHash: SessionToken.hash(cookie)) == nil)
            let page = try await client.send(.get, "/signin?ended=idle")
            #expect(page.body.contains(SessionExpiry.idle.message))
        }
    }

    @Test("a busy session still ends 12 hours after sign-in; last-seen is written at most once a minute")
    func absoluteExpiryAndTouch() async throws {
        let harness = try await SignInHarness()
        try await harness.user("ada")
        try await harness.test { client in
            let cookie = try #require(try await client.signIn(harness, login: "ada").sessionCookie)
            let hash = SessionToken.hash(cookie)
            let start = try #require(try await harness.store.session(idHash: hash)).lastSeenAt
            harness.clock.advance(30)
            #expect(try await client.send(.get, "/apps", cookie: cookie).status == .ok)
            #expect(try await harness.store.session(idHash: hash)?.lastSeenAt == start)
            harness.clock.advance(60)
            #expect(try await client.send(.get, "/apps", cookie: cookie).status == .ok)
            #expect(try await harness.store.session(idHash: hash)?.lastSeenAt == harness.clock.now)
            var last: PortalReply?
            for _ in 0..<37 {  // 37 × 20 min > 12 h, each request within the idle timeout
                harness.clock.advance(20 * 60)
                last = try await client.send(.get, "/apps", cookie: cookie)
                if last?.status != .ok { break }
            }
            #expect(last?.location == "/signin?ended=lifetime")
        }
    }

    @Test("a disabled user's session ends at once, and a disabled user cannot sign in")
    func disabledUser() async throws {
        let harness = try await SignInHarness()
        let user = try await harness.user("ada")
        try await harness.test { client in
            let cookie = try #require(try await client.signIn(harness, login: "ada").sessionCookie)
            var disabled = user
            disabled.isDisabled = true
            try await harness.store.updateUser(disabled)
            let reply = try await client.send(.get, "/apps", cookie: cookie)
            #expect(reply.location == "/signin?ended=disabled")
            #expect(try await harness.store.session(idHash: SessionToken.hash(cookie)) == nil)
            let again = try await client.signIn(harness, login: "ada")
            #expect(again.status == .forbidden)
            #expect(again.setCookie == nil)
        }
    }

    @Test("a member sees only their tenants; ?tenant= selects among them and is kept in the session")
    func tenantSelection() async throws {
        let harness = try await SignInHarness()
        let user = try await harness.user("bob")
        let acme = try await harness.instance.tenant("acme")
        let beta = try await harness.instance.tenant("beta")
        _ = try await harness.instance.tenant("other")
        try await harness.instance.seedApp("orders", tenant: "acme")
        try await harness.instance.seedApp("secret-app", tenant: "other")
        try await harness.store.setMembership(TenantMembership(userID: user.id, tenantID: acme.id, role: .contributor))
        try await harness.store.setMembership(TenantMembership(userID: user.id, tenantID: beta.id, role: .reader))
        try await harness.test { client in
            let cookie = try #require(try await client.signIn(harness, login: "bob").sessionCookie)
            let hash = SessionToken.hash(cookie)
            let apps = try await client.send(.get, "/apps", cookie: cookie)
            #expect(apps.body.contains("orders"))
            #expect(!apps.body.contains("secret-app"))
            #expect(!apps.body.contains(">other<"))
            #expect(try await harness.store.session(idHash: hash)?.selectedTenantID == acme.id)
            _ = try await client.send(.get, "/apps?tenant=beta", cookie: cookie)
            #expect(try await harness.store.session(idHash: hash)?.selectedTenantID == beta.id)
            let refused = try await client.send(.get, "/apps?tenant=other", cookie: cookie)
            #expect(refused.status == .notFound)
            #expect(!refused.body.contains("secret-app"))
            #expect(try await harness.store.session(idHash: hash)?.selectedTenantID == beta.id)
            #expect(try await client.send(.get, "/apps/secret-app", cookie: cookie).status == .notFound)
        }
    }

    @Test("a POST without the CSRF token, from another origin or another site is refused with the reason and changes nothing")
    func csrfRefused() async throws {
        let harness = try await SignInHarness()
        try await harness.user("ada", admin: true)
        try await harness.test { client in
            let cookie = try #require(try await client.signIn(harness, login: "ada").sessionCookie)
            let hash = SessionToken.hash(cookie)
            let missing = try await client.send(.post, "/signout", cookie: cookie, form: [])
            #expect(missing.status == .forbidden)
            #expect(missing.body.contains("the form has no security token"))
            let wrong = try await client.send(.post, "/signout", cookie: cookie, form: [("csrf", harness.anonymousToken)])
            #expect(wrong.status == .forbidden)
            let origin = try await client.send(
                .post,
                "/signout",
                cookie: cookie,
                form: [("csrf", harness.csrf(for: cookie))],
                headers: ["Origin": "https://evil.example"]
            )
            #expect(origin.status == .forbidden)
            #expect(origin.body.contains("another origin"))
            let site = try await client.send(
                .post,
                "/signout",
                cookie: cookie,
                form: [("csrf", harness.csrf(for: cookie))],
                headers: ["Sec-Fetch-Site": "same-site"]
            )
            #expect(site.status == .forbidden)
            #expect(try await harness.store.session(idHash: hash) != nil)
            let signOut = try await client.send(
                .post,
                "/signout",
                cookie: cookie,
                form: [("csrf", harness.csrf(for: cookie))],
                headers: ["Origin": "http://\(SignInHarness.host)", "Sec-Fetch-Site": "same-origin"]
            )
            #expect(signOut.status == .seeOther)
            #expect(signOut.setCookie?.contains("Max-Age=0") == true)
            #expect(try await harness.store.session(idHash: hash) == nil)
            // A sign-in form posted from another site is refused too.
            let login = try await client.send(
                .post,
                "/signin",
                form: [("csrf", harness.anonymousToken), ("login", "ada"), ("password", SignInHarness.password)],
                headers: ["Sec-Fetch-Site": "cross-site"]
            )
            #expect(login.status == .forbidden)
            #expect(login.setCookie == nil)
        }
    }

    @Test("with TOTP on, the password opens nothing until the code; a code is never accepted twice")
    func totpStepUpAndReplay() async throws {
        let harness = try await SignInHarness()
        let factor = TOTPFactor.generate()
        try await harness.user("ada", totp: factor)
        try await harness.test { client in
            let first = try await client.signIn(harness, login: "ada")
            #expect(first.location == "/signin/code")
            let pending = try #require(first.sessionCookie)
            let blocked = try await client.send(.get, "/apps", cookie: pending)
            #expect(blocked.location == "/signin/code")
            let code = factor.code(atStep: TOTPFactor.step(at: harness.clock.now))
            let token = harness.anonymousToken
            let notIt = code == "000000" ? "111111" : "000000"
            let wrong = try await client.send(.post, "/signin/code", cookie: pending, form: [("csrf", token), ("code", notIt)])
            #expect(wrong.status == .unauthorized)
            let accepted = try await client.send(.post, "/signin/code", cookie: pending, form: [("csrf", token), ("code", code)])
            #expect(accepted.location == "/apps")
            let full = try #require(accepted.sessionCookie)
            #expect(full != pending)
            #expect(try await harness.store.session(idHash: SessionToken.hash(pending)) == nil)
            #expect(try await client.send(.get, "/apps", cookie: full).status == .ok)

            let second = try #require(try await client.signIn(harness, login: "ada").sessionCookie)
            let replay = try await client.send(.post, "/signin/code", cookie: second, form: [("csrf", token), ("code", code)])
            #expect(replay.status == .unauthorized)
            #expect(replay.body.contains("was used already"))
            harness.clock.advance(30)
            let next = factor.code(atStep: TOTPFactor.step(at: harness.clock.now))
            let later = try await client.send(.post, "/signin/code", cookie: second, form: [("csrf", token), ("code", next)])
            #expect(later.location == "/apps")
        }
    }

    @Test("one TOTP code sent from two sign-ins at once opens only one of them")
    func simultaneousUsesOfOneCode() async throws {
        let harness = try await SignInHarness()
        let factor = TOTPFactor.generate()
        try await harness.user("ada", totp: factor)
        let locations = try await harness.test { client in
            var pending: [String] = []
            for _ in 0..<4 { pending.append(try #require(try await client.signIn(harness, login: "ada").sessionCookie)) }
            let code = factor.code(atStep: TOTPFactor.step(at: harness.clock.now))
            let form = [("csrf", harness.anonymousToken), ("code", code)]
            return try await withThrowingTaskGroup(of: String?.self) { group in
                for cookie in pending {
                    group.addTask { try await client.send(.post, "/signin/code", cookie: cookie, form: form).location }
                }
                return try await group.reduce(into: [String?]()) { $0.append($1) }
            }
        }
        #expect(locations.filter { $0 == "/apps" }.count == 1, "\(locations)")
    }

    @Test("the right password again does not reset the count of wrong codes: the sixth wrong code is throttled")
    func passwordStepKeepsTheCodeThrottle() async throws {
        let harness = try await SignInHarness()
        let factor = TOTPFactor.generate()
        try await harness.user("ada", totp: factor)
        try await harness.test { client in
            let code = factor.code(atStep: TOTPFactor.step(at: harness.clock.now))
            let notIt = code == "000000" ? "111111" : "000000"
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<6 {
                // Each guess after a fresh password step, as an attacker holding the password would.
                let password = try await client.signIn(harness, login: "ada")
                guard let pending = password.sessionCookie else {
                    statuses.append(password.status)
                    continue
                }
                let form = [("csrf", harness.anonymousToken), ("code", notIt)]
                statuses.append(try await client.send(.post, "/signin/code", cookie: pending, form: form).status)
            }
            #expect(statuses.prefix(5).allSatisfy { $0 == .unauthorized }, "\(statuses)")
            #expect(statuses.last == .tooManyRequests, "\(statuses)")
        }
    }

    @Test("TOTP is enrolled from /account by confirming a code, and turned off only with a code not used before")
    func totpEnrolment() async throws {
        let harness = try await SignInHarness()
        let user = try await harness.user("ada")
        try await harness.test { client in
            let cookie = try #require(try await client.signIn(harness, login: "ada").sessionCookie)
            let csrf = harness.csrf(for: cookie)
            #expect(try await client.send(.post, "/account/totp/start", cookie: cookie, form: [("csrf", csrf)]).location == "/account")
            let secret = try #require(try await harness.store.user(id: user.id)?.totpSecret)
            let factor = TOTPFactor(secret: Array(secret))
            let page = try await client.send(.get, "/account", cookie: cookie)
            #expect(page.body.contains(factor.base32Secret))
            #expect(page.body.contains("otpauth://totp/"))
            let code = factor.code(atStep: TOTPFactor.step(at: harness.clock.now))
            let on = try await client.send(.post, "/account/totp/confirm", cookie: cookie, form: [("csrf", csrf), ("code", code)])
            #expect(on.location == "/account?done=totp-on")
            #expect(try await harness.store.user(id: user.id)?.totpEnabled == true)
            let replay = try await client.send(.post, "/account/totp/disable", cookie: cookie, form: [("csrf", csrf), ("code", code)])
            #expect(replay.status == .badRequest)
            #expect(try await harness.store.user(id: user.id)?.totpEnabled == true)
            harness.clock.advance(30)
            let next = factor.code(atStep: TOTPFactor.step(at: harness.clock.now))
            let off = try await client.send(.post, "/account/totp/disable", cookie: cookie, form: [("csrf", csrf), ("code", next)])
            #expect(off.location == "/account?done=totp-off")
            let stored = try await harness.store.user(id: user.id)
            #expect(stored?.totpEnabled == false && stored?.totpSecret == nil)
        }
    }

    @Test("a required second factor sends a user without one to /account first")
    func totpRequired() async throws {
        let harness = try await SignInHarness()
        try await harness.user("ada")
        var settings = try await harness.store.instanceSettings()
        settings.requireSecondFactor = true
        try await harness.store.setInstanceSettings(settings)
        try await harness.test { client in
            let cookie = try #require(try await client.signIn(harness, login: "ada").sessionCookie)
            let apps = try await client.send(.get, "/apps", cookie: cookie)
            #expect(apps.location == "/account?required=totp")
            let account = try await client.send(.get, "/account?required=totp", cookie: cookie)
            #expect(account.status == .ok)
            #expect(account.body.contains("A second factor is required"))
            // Until it is on, the account's API tokens are closed too: they would carry the person's rights.
            let tokens = try await client.send(
                .post,
                "/account/tokens",
                cookie: cookie,
                form: [("csrf", harness.csrf(for: cookie)), ("name", "ci"), ("role", "reader")]
            )
            #expect(tokens.location == "/account?required=totp")
        }
        #expect(try await harness.store.tokens().allSatisfy { $0.ownerUserID == nil })
    }

    @Test("after sign-in only paths on this site are followed, whatever a browser would strip from them")
    func safeNext() {
        #expect(SignInPages.safeNext("/apps/orders?tab=code") == "/apps/orders?tab=code")
        for hostile in ["//evil.example", "/\\evil.example", "/\t/evil.example", "/\n/evil.example", "https://evil.example", "/ /x"] {
            #expect(SignInPages.safeNext(hostile) == nil, "\(hostile)")
        }
    }

    @Test("a burst of simultaneous wrong passwords passes the throttle only as often as one at a time would")
    func simultaneousGuessesAreThrottled() async throws {
        let harness = try await SignInHarness()
        try await harness.user("ada")
        let statuses = try await harness.test { client in
            try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<12 {
                    group.addTask { try await client.signIn(harness, login: "ada", password: "wrong password here").status }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
        }
        #expect(statuses.filter { $0 == .unauthorized }.count == 5, "\(statuses)")
        #expect(statuses.filter { $0 == .tooManyRequests }.count == 7, "\(statuses)")
        #expect(try await harness.store.signInFailures(account: "ada", since: Date(timeIntervalSince1970: 0)) == 5)
    }

    @Test("a right answer on /account takes back only its own attempt; earlier wrong ones still count")
    func accountCheckSuccessKeepsEarlierFailures() async throws {
        let harness = try await SignInHarness()
        try await harness.user("ada")
        try await harness.test { client in
            let cookie = try #require(try await client.signIn(harness, login: "ada").sessionCookie)
            func attempt(_ current: String) async throws -> PortalReply {
                try await client.send(
                    .post,
                    "/account/password",
                    cookie: cookie,
                    form: [("csrf", harness.csrf(for: cookie)), ("current", current), ("password", "x"), ("confirm", "x")]
                )
            }
            for _ in 0..<2 { #expect(try await attempt("not it at all").status == .badRequest) }
            // The right current password with a new one too short: checked, refused for the policy.
            #expect(try await attempt(SignInHarness.password).status == .badRequest)
        }
        #expect(try await harness.store.signInFailures(account: "ada", since: Date(timeIntervalSince1970: 0)) == 2)
    }

    @Test("guesses of the current password on /account count toward the sign-in throttle")
    func accountChecksAreThrottled() async throws {
        let harness = try await SignInHarness()
        try await harness.user("ada")
        try await harness.test { client in
            let cookie = try #require(try await client.signIn(harness, login: "ada").sessionCookie)
            let newPassword = "another long pass phrase"
            func attempt(_ current: String) async throws -> PortalReply {
                try await client.send(
                    .post,
                    "/account/password",
                    cookie: cookie,
                    form: [("csrf", harness.csrf(for: cookie)), ("current", current), ("password", newPassword), ("confirm", newPassword)]
                )
            }
            for _ in 0..<5 { #expect(try await attempt("not it at all").status == .badRequest) }
            // Throttled now: even the right password is not tried, and nothing changes.
            let refused = try await attempt(SignInHarness.password)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.body.contains("Too many failed sign-ins"))
        }
        #expect(try await harness.store.signInFailures(account: "ada", since: Date(timeIntervalSince1970: 0)) == 5)
    }

    @Test("changing the password needs the current one, ends every other session and issues a new one")
    func passwordChange() async throws {
        let harness = try await SignInHarness()
        try await harness.user("ada")
        try await harness.test { client in
            let first = try #require(try await client.signIn(harness, login: "ada").sessionCookie)
            let other = try #require(try await client.signIn(harness, login: "ada").sessionCookie)
            let newPassword = "another long pass phrase"
            let wrong = try await client.send(
                .post,
                "/account/password",
                cookie: first,
                form: [("csrf", harness.csrf(for: first)), ("current", "not it at all"), ("password", newPassword), ("confirm", newPassword)]
            )
            #expect(wrong.status == .badRequest)
            #expect(try await client.send(.get, "/apps", cookie: other).status == .ok)
            let changed = try await client.send(
                .post,
                "/account/password",
                cookie: first,
                form: [
                    ("csrf", harness.csrf(for: first)), ("current", SignInHarness.password), ("password", newPassword), ("confirm", newPassword),
                ]
            )
            #expect(changed.location == "/account?done=password")
            let fresh = try #require(changed.sessionCookie)
            #expect(try await client.send(.get, "/apps", cookie: other).status == .seeOther)
            #expect(try await client.send(.get, "/apps", cookie: first).status == .seeOther)
            #expect(try await client.send(.get, "/apps", cookie: fresh).status == .ok)
            #expect(try await client.signIn(harness, login: "ada").status == .unauthorized)
            #expect(try await client.signIn(harness, login: "ada", password: newPassword).status == .seeOther)
        }
    }

    @Test("a setup link sets the password once, shows the policy's problems, and signs in with a new session")
    func setupLinkSingleUse() async throws {
        let harness = try await SignInHarness()
        let user = User(subject: "root", displayName: "Root", isAdmin: true, createdAt: harness.clock.now)
        try await harness.store.createUser(user)
        let token = SessionToken.generate().value
        try await harness.store.createSetupLink(
            SetupLink(tokenHash: SessionToken.hash(token), userID: user.id, createdAt: harness.clock.now, expiresAt: harness.clock.now + 86_400)
        )
        try await harness.test { client in
            let form = try await client.send(.get, "/setup/\(token)")
            #expect(form.status == .ok)
            let short = try await client.send(
                .post,
                "/setup/\(token)",
                form: [("csrf", harness.anonymousToken), ("password", "short"), ("confirm", "short")]
            )
            #expect(short.status == .badRequest)
            #expect(short.body.contains("needs at least 12"))
            let password = "a brand new pass phrase"
            let done = try await client.send(
                .post,
                "/setup/\(token)",
                form: [("csrf", harness.anonymousToken), ("password", password), ("confirm", password)]
            )
            #expect(done.location == "/apps")
            let cookie = try #require(done.sessionCookie)
            #expect(try await client.send(.get, "/apps", cookie: cookie).status == .ok)
            let again = try await client.send(
                .post,
                "/setup/\(token)",
                form: [("csrf", harness.anonymousToken), ("password", password), ("confirm", password)]
            )
            #expect(again.status == .gone)
            #expect(again.body.contains("used already or has expired"))
            #expect(again.setCookie == nil)
            #expect(try await client.signIn(harness, login: "root", password: password).status == .seeOther)
        }
    }

    @Test("a signed-in session cookie gets 401 on /api; the portal answers under / on the same listener")
    func apiRefusesSessionCookie() async throws {
        let harness = try await SignInHarness()
        try await harness.user("ada", admin: true)
        let api = ManagementAPI(store: harness.store)
        let door = ManagementFrontDoor(management: api.buildRouter(), portal: try harness.portal().buildRouter(), baseDomain: "localhost")
        let app = Application(router: door, configuration: .init())
        try await app.test(.router) { client in
            let cookie = try #require(try await client.signIn(harness, login: "ada").sessionCookie)
            #expect(try await client.send(.get, "/apps", cookie: cookie).status == .ok)
            let api = try await client.send(.get, "/api/apps", cookie: cookie)
            #expect(api.status == .unauthorized)
            #expect(try await client.send(.get, "/api/health").status == .ok)
            // The Kudu path form is the management router's (its own 401), anything else the portal's.
            let kudu = try await client.send(.get, "/scm/orders/api/deployments", cookie: cookie)
            #expect(kudu.status == .unauthorized)
            let lookalike = try await client.send(.get, "/apisomething", cookie: cookie)
            #expect(lookalike.status == .notFound)
            #expect(lookalike.headers[.contentType]?.hasPrefix("text/html") == true)
        }
    }

    @Test("users create tokens with at most their own role, see them, and revoke only their own")
    func ownTokens() async throws {
        let harness = try await SignInHarness()
        let user = try await harness.user("bob")
        let acme = try await harness.instance.tenant("acme")
        try await harness.store.setMembership(TenantMembership(userID: user.id, tenantID: acme.id, role: .contributor))
        try await harness.test { client in
            let cookie = try #require(try await client.signIn(harness, login: "bob").sessionCookie)
            let csrf = harness.csrf(for: cookie)
            let tooHigh = try await client.send(
                .post,
                "/account/tokens",
                cookie: cookie,
                form: [("csrf", csrf), ("name", "ci"), ("tenant", "acme"), ("role", "owner")]
            )
            #expect(tooHigh.status == .forbidden)
            let created = try await client.send(
                .post,
                "/account/tokens",
                cookie: cookie,
                form: [("csrf", csrf), ("name", "ci"), ("tenant", "acme"), ("role", "contributor")]
            )
            #expect(created.status == .created)
            #expect(created.body.contains("hth_"))
            let tokens = try await harness.store.tokens(ownerUserID: user.id)
            #expect(tokens.count == 1 && tokens.first?.role == .contributor && tokens.first?.tenantID == acme.id)
            let id = try #require(tokens.first?.id)
            let listed = try await client.send(.get, "/account", cookie: cookie)
            #expect(listed.body.contains("ci"))
            #expect(!listed.body.contains("hth_"))
            let revoked = try await client.send(.post, "/account/tokens/\(id.uuidString)/delete", cookie: cookie, form: [("csrf", csrf)])
            #expect(revoked.location == "/account?done=revoked")
            #expect(try await harness.store.tokens(ownerUserID: user.id).isEmpty)
        }
    }
}
