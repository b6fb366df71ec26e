import Testing

@testable import HearthManagement

@Suite struct SessionCookieTests {
    @Test func httpsGivesAHostPrefixedSecureCookie() throws {
        let cookie = try SessionCookie(isHTTPS: true, host: "portal.example.com")
        #expect(cookie.name == "__Host-hearth-session")
        #expect(
            cookie.setCookie(value: "abc", maxAge: .seconds(43_200))
                == "__Host-hearth-session=abc; Max-Age=43200; Secure; HttpOnly; SameSite=Lax; Path=/"
        )
        #expect(cookie.setCookie(value: "abc", maxAge: nil) == "__Host-hearth-session=abc; Secure; HttpOnly; SameSite=Lax; Path=/")
        #expect(!cookie.setCookie(value: "abc", maxAge: nil).contains("Domain"))
    }

    @Test func httpsOnLoopbackIsStillTheSecureCookie() throws {
        #expect(try SessionCookie(isHTTPS: true, host: "localhost:8443").name == "__Host-hearth-session")
    }

    @Test(arguments: [
        "localhost", "localhost:8080", "LOCALHOST", "app.localhost", "127.0.0.1", "127.0.0.1:7070", "127.8.9.10", "[::1]", "[::1]:8080", "::1",
    ])
    func plainHTTPOnLoopbackGivesTheDevelopmentCookieWithoutSecure(host: String) throws {
        let cookie = try SessionCookie(isHTTPS: false, host: host)
        #expect(cookie.name == "hearth-session")
        #expect(cookie.setCookie(value: "abc", maxAge: nil) == "hearth-session=abc; HttpOnly; SameSite=Lax; Path=/")
    }

    @Test(arguments: [
        "portal.example.com", "192.168.1.10:8080", "128.0.0.1", "localhost.example.com", "[::2]", "10.0.0.1", "127.0.0.1.nip.io",
    ])
    func plainHTTPElsewhereIsRefusedNamingTLS(host: String) {
        #expect(throws: SessionCookieRefusal(host: host)) { try SessionCookie(isHTTPS: false, host: host) }
        #expect(SessionCookieRefusal(host: host).description.contains("configure TLS"))
    }

    @Test func clearingExpiresAtOnceWithTheSameAttributes() throws {
        #expect(
            try SessionCookie(isHTTPS: true, host: "portal.example.com").clearingCookie()
                == "__Host-hearth-session=; Max-Age=0; Secure; HttpOnly; SameSite=Lax; Path=/"
        )
        #expect(
            try SessionCookie(isHTTPS: false, host: "localhost").clearingCookie()
                == "hearth-session=; Max-Age=0; HttpOnly; SameSite=Lax; Path=/"
        )
    }

    @Test func readsOnlyItsOwnCookieFromAHeaderWithMany() throws {
        let secure = try SessionCookie(isHTTPS: true, host: "portal.example.com")
        let header = "theme=dark; hearth-session=plain; __Host-hearth-session=the-id ; x__Host-hearth-session=no; other=1"
        #expect(secure.value(in: header) == "the-id")
        #expect(try SessionCookie(isHTTPS: false, host: "localhost").value(in: header) == "plain")
        #expect(secure.value(in: "theme=dark") == nil)
        #expect(secure.value(in: "__Host-hearth-session=") == nil)
        #expect(secure.value(in: nil) == nil)
        #expect(secure.value(in: "__Host-hearth-session=first; __Host-hearth-session=second") == "first")
        #expect(secure.value(in: "__Host-hearth-session=a=b") == "a=b")
    }
}
