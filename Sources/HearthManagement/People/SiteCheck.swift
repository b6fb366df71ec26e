import Foundation

/// Whether the portal shares a site with the apps, checked at start-up.
///
/// Apps are served at `{app}.{baseDomain}`, and a tenant's function can return any page. Browsers
/// treat requests between hosts of one *site* (one registrable domain) as same-site: `SameSite`
/// cookies go along, and such a page may set cookies for the whole registrable domain. So the
/// portal belongs on a host name outside the apps' site.
///
/// Without the Public Suffix List, the registrable domain is approximated: two hosts share a site
/// when they are the same, when one is below the other, or when their last two labels are equal
/// (`portal.example.com` and `apps.example.com`). IP addresses and `localhost` are sites of their
/// own and only match themselves. The approximation errs both ways under multi-label public
/// suffixes: `a.co.uk` and `b.co.uk` are reported as sharing a site although they do not (a false
/// warning), and a private suffix such as `github.io` is treated as one site. A warning is the only
/// effect, so erring towards warning is acceptable.
///
/// ```swift
/// SiteCheck.warning(portalHost: "portal.apps.example.com", baseDomain: "apps.example.com")
/// // "the portal's host 'portal.apps.example.com' is in the same site as the apps' base domain …"
/// ```
package enum SiteCheck {
    /// Whether `portalHost` and `baseDomain` share a site (by the approximation above).
    package static func sharesSite(portalHost: String, baseDomain: String) -> Bool {
        let portal = normalized(portalHost)
        let base = normalized(baseDomain)
        guard !portal.isEmpty, !base.isEmpty else { return false }
        if portal == base || portal.hasSuffix("." + base) || base.hasSuffix("." + portal) { return true }
        if isAddressOrLocal(portal) || isAddressOrLocal(base) { return false }
        let portalLabels = portal.split(separator: ".")
        let baseLabels = base.split(separator: ".")
        guard portalLabels.count >= 2, baseLabels.count >= 2 else { return false }
        return portalLabels.suffix(2) == baseLabels.suffix(2)
    }

    /// The start-up warning when they share a site, naming the fix; `nil` when they do not.
    package static func warning(portalHost: String, baseDomain: String) -> String? {
        guard sharesSite(portalHost: portalHost, baseDomain: baseDomain) else { return nil }
        return "the portal's host '\(normalized(portalHost))' is in the same site as the apps' base domain "
            + "'\(normalized(baseDomain))', so a function's page counts as same-site for the portal's cookies "
            + "and can set cookies for it; give the portal its own host name outside the base domain's site "
            + "(for example --portal-host portal.example.net with --base-domain apps.example.com)"
    }

    /// Lower case, without port, brackets or trailing dot.
    private static func normalized(_ host: String) -> String {
        HostNameRules.canonicalSpelling(Loopback.hostName(host.trimmingCharacters(in: .whitespaces)))
    }

    private static func isAddressOrLocal(_ name: String) -> Bool {
        name.contains(":") || HostNameRules.isIPv4Literal(name) || Loopback.isLoopback(host: name)
    }
}
