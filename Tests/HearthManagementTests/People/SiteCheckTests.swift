import Testing

@testable import HearthManagement

@Suite struct SiteCheckTests {
    @Test(arguments: [
        ("apps.example.com", "apps.example.com"),  // the same host
        ("portal.apps.example.com", "apps.example.com"),  // the portal below the base domain
        ("example.com", "apps.example.com"),  // the base domain below the portal
        ("portal.example.com", "apps.example.com"),  // one registrable domain
        ("Portal.Example.COM.", "apps.example.com"),
        ("portal.example.com:8443", "apps.example.com"),
        ("127.0.0.1", "127.0.0.1"),
        ("localhost", "localhost"),
        ("portal.co.uk", "apps.co.uk"),  // a false positive the approximation accepts (no public suffix list)
    ])
    func sharedSitesAreReported(portal: String, base: String) {
        #expect(SiteCheck.sharesSite(portalHost: portal, baseDomain: base))
        #expect(SiteCheck.warning(portalHost: portal, baseDomain: base) != nil)
    }

    @Test(arguments: [
        ("portal.example.net", "apps.example.com"),
        ("portal.internal", "apps.example.com"),
        ("10.0.0.5", "10.0.0.6"),  // addresses are sites of their own
        ("127.0.0.1", "localhost"),
        ("[::1]:8443", "apps.example.com"),
        ("localhost", "apps.localhost.example.com"),
        ("portal", "apps.example.com"),
    ])
    func separateSitesAreNot(portal: String, base: String) {
        #expect(!SiteCheck.sharesSite(portalHost: portal, baseDomain: base))
        #expect(SiteCheck.warning(portalHost: portal, baseDomain: base) == nil)
    }

    @Test func theWarningNamesBothHostsAndTheFix() {
        #expect(
            SiteCheck.warning(portalHost: "portal.apps.example.com", baseDomain: "apps.example.com")
                == "the portal's host 'portal.apps.example.com' is in the same site as the apps' base domain 'apps.example.com', "
                + "so a function's page counts as same-site for the portal's cookies and can set cookies for it; "
                + "give the portal its own host name outside the base domain's site "
                + "(for example --portal-host portal.example.net with --base-domain apps.example.com)"
        )
    }
}
