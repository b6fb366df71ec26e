import Testing

@testable import HearthManagement

@Suite struct CSRFGuardTests {
    let csrf = CSRFGuard(key: Array(repeating: 7, count: 32), portalOrigin: Origin("https://portal.example.com")!)
    let session = "session-id-one"

    func request(
        _ method: String = "POST",
        origin: String? = "https://portal.example.com",
        site: String? = "same-origin",
        token: String?? = .none
    ) -> CSRFRequest {
        CSRFRequest(
            method: method,
            origin: origin,
            secFetchSite: site,
            presentedToken: token ?? csrf.token(forSessionID: session),
            sessionID: session
        )
    }

    @Test func theTokenIsPerSessionAndStable() {
        let token = csrf.token(forSessionID: session)
        #expect(token.count == 43)
        #expect(token == csrf.token(forSessionID: session))
        #expect(token != csrf.token(forSessionID: "session-id-two"))
        #expect(!token.contains(session))
        let otherKey = CSRFGuard(key: Array(repeating: 8, count: 32), portalOrigin: Origin("https://portal.example.com")!)
        #expect(otherKey.token(forSessionID: session) != token)
    }

    @Test(arguments: ["POST", "PUT", "PATCH", "DELETE", "post"])
    func aSameOriginRequestWithTheTokenIsAllowed(method: String) {
        #expect(csrf.check(request(method)) == .allowed)
    }

    @Test(arguments: ["GET", "HEAD", "OPTIONS"])
    func safeMethodsAreNotChecked(method: String) {
        #expect(csrf.check(request(method, origin: "https://evil.example", site: "cross-site", token: .some(nil))) == .allowed)
    }

    @Test func secFetchSiteMustBeSameOriginOrNone() {
        #expect(csrf.check(request(site: "none")) == .allowed)
        #expect(csrf.check(request(site: "Same-Origin")) == .allowed)
        for site in ["same-site", "cross-site"] {
            #expect(
                csrf.check(request(site: site))
                    == .refused("the request came from another site (Sec-Fetch-Site: \(site)); reload the portal page and try again")
            )
        }
    }

    @Test func originMustBeThePortals() {
        #expect(csrf.check(request(origin: "https://PORTAL.example.com:443")) == .allowed)
        let refusal = CSRFDecision.refused(
            "the request came from another origin than the portal's (https://portal.example.com); reload the portal page and try again"
        )
        for origin in ["https://orders.apps.example.com", "http://portal.example.com", "https://portal.example.com:8443", "null", ""] {
            #expect(csrf.check(request(origin: origin)) == refusal, "\(origin)")
        }
    }

    @Test func theTokenMustBePresentAndMatch() {
        #expect(csrf.check(request(token: .some(nil))) == .refused("the form has no security token; reload the page and submit it again"))
        #expect(csrf.check(request(token: "")) == .refused("the form has no security token; reload the page and submit it again"))
        let otherSession = csrf.token(forSessionID: "session-id-two")
        guard case .refused(let reason) = csrf.check(request(token: .some(otherSession))) else {
            Issue.record("a token of another session was accepted")
            return
        }
        #expect(reason.hasPrefix("the form's security token does not match your session"))
        #expect(!reason.contains(otherSession))
    }

    @Test func withoutEitherHeaderTheTokenAloneDecides() {
        #expect(csrf.check(request(origin: nil, site: nil)) == .allowed)
        #expect(csrf.check(request(origin: nil, site: nil, token: "forged")) != .allowed)
        #expect(csrf.check(request(origin: nil, site: "same-origin")) == .allowed)
        #expect(csrf.check(request(origin: "https://portal.example.com", site: nil)) == .allowed)
    }

    @Test func aMatchingTokenDoesNotExcuseAForeignOrigin() {
        #expect(csrf.check(request(origin: "https://evil.example", site: nil)) != .allowed)
        #expect(csrf.check(request(origin: nil, site: "cross-site")) != .allowed)
    }
}

@Suite struct OriginTests {
    @Test func normalizesCaseAndDefaultPorts() {
        #expect(Origin("HTTPS://Portal.Example.com:443") == Origin("https://portal.example.com"))
        #expect(Origin("http://localhost:80/")?.description == "http://localhost")
        #expect(Origin("http://localhost:8080")?.description == "http://localhost:8080")
        #expect(Origin("http://[::1]:8080")?.description == "http://[::1]:8080")
        #expect(Origin("http://[::1]")?.port == nil)
    }

    @Test func refusesWhatIsNotAnOrigin() {
        let texts = [
            "null", "", "portal.example.com", "ftp://portal.example.com", "https://portal.example.com/path",
            "https://user@portal.example.com", "https://portal.example.com:0", "https://portal.example.com:x", "https://",
        ]
        for text in texts {
            #expect(Origin(text) == nil, "\(text)")
        }
    }
}
