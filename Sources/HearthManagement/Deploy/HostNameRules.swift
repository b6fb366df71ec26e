import Foundation
import HearthCore

/// Which custom host names an app may claim.
///
/// A custom host name routes every request that carries it to one app, before anything else the
/// function host knows, so a name that belongs to someone else captures their traffic (and the keys
/// in it). A name must be:
/// - a DNS name in its A-label form (`xn--…` for internationalised names), never an IP literal in
///   any spelling (`127.0.0.1`, `127.1`, `0x7f.1`, `2130706433`, `[::1]`);
/// - none of the function host's, management's or Kudu's own names, nor `localhost` or a name
///   below it (RFC 6761);
/// - outside the instance's base domain (where apps are reached by name already);
/// - the tenant's own: equal to or below a suffix an instance admin granted to the app's tenant
///   (``TenantDomain``). This also keeps out the names of load balancers Hearth cannot know.
struct HostNameRules: Sendable {
    var baseDomain: String
    /// Names Hearth itself answers to (public URLs' hosts, the machine's name): never an app's.
    var reserved: Set<String>

    init(baseDomain: String, reserved: some Sequence<String>) {
        self.baseDomain = baseDomain.lowercased()
        self.reserved = Set(reserved.map { Self.canonicalSpelling($0) })
    }

    init(_ configuration: ManagementConfiguration) {
        var reserved = configuration.reservedHostNames
        for url in [configuration.workerPublicURL, configuration.scmURL].compactMap({ $0 }) {
            if let host = URLComponents(string: url)?.host { reserved.append(host) }
        }
        self.init(baseDomain: configuration.baseDomain, reserved: reserved)
    }

    /// The names to store for an app of `tenant` (lower case, without a trailing dot, each once),
    /// or a ``ManagementError`` naming the first name refused, why, and what to do.
    func normalise(_ names: [String], tenant: Tenant, domains: [TenantDomain]) throws -> [String] {
        var seen: Set<String> = []
        var result: [String] = []
        for raw in names {
            let name = try Self.canonical(raw)
            if let reason = refusal(of: name, tenant: tenant, domains: domains) { throw ManagementError(.invalidName, reason) }
            if seen.insert(name).inserted { result.append(name) }
        }
        return result
    }

    /// Why a stored name may not route (names checked before these rules existed), or `nil`.
    func refusal(ofStored raw: String, tenant: Tenant, domains: [TenantDomain]) -> String? {
        do {
            return refusal(of: try Self.canonical(raw), tenant: tenant, domains: domains)
        } catch let error as ManagementError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    private func refusal(of name: String, tenant: Tenant, domains: [TenantDomain]) -> String? {
        if reserved.contains(name) {
            return
                "the host name '\(name)' is one of Hearth's own names (function host, management or Kudu endpoint, or this machine); it cannot route to one app"
        }
        if name == baseDomain || name.hasSuffix("." + baseDomain) {
            return
                "the host name '\(name)' is under the instance's base domain '\(baseDomain)', where apps are reached by name already; use a name in your tenant's domains"
        }
        let own = domains.filter { $0.tenantID == tenant.id }
        guard own.contains(where: { $0.covers(name) }) else {
            let allowed = own.isEmpty ? "it has none yet" : "it may use \(own.map(\.suffix).joined(separator: ", "))"
            return
                "the host name '\(name)' is outside the domains of tenant '\(tenant.name)' (\(allowed)); an instance admin grants a domain with 'hearth tenant domains add \(tenant.name) DOMAIN'"
        }
        return nil
    }

    /// Checks a suffix an admin grants to a tenant: a DNS name of at least two labels, not an IP
    /// literal, not Hearth's own, not the base domain or below it, and not overlapping a suffix of
    /// another tenant (one below the other would let both claim the same names).
    func checkSuffix(_ raw: String, for tenant: Tenant, existing: [TenantDomain], tenantNames: [UUID: String]) throws -> String {
        let suffix = try Self.canonical(raw)
        if reserved.contains(suffix) {
            throw ManagementError(.invalidName, "'\(suffix)' is one of Hearth's own names; grant a domain that belongs to the tenant")
        }
        if suffix == baseDomain || suffix.hasSuffix("." + baseDomain) {
            throw ManagementError(
                .invalidName,
                "'\(suffix)' is the instance's base domain or below it, where apps are reached by name; grant a domain outside it"
            )
        }
        for other in existing where other.tenantID != tenant.id {
            if other.covers(suffix) || TenantDomain(suffix: suffix, tenantID: tenant.id).covers(other.suffix) {
                throw ManagementError(
                    .conflict,
                    "'\(suffix)' overlaps '\(other.suffix)', granted to tenant '\(tenantNames[other.tenantID] ?? "another tenant")'; a name may belong to one tenant only"
                )
            }
        }
        return suffix
    }

    /// Lower case, surrounding blanks and one trailing dot removed, then checked as a DNS name.
    static func canonical(_ raw: String) throws -> String {
        let name = canonicalSpelling(raw)
        if name.contains(":") || name.hasPrefix("[") || isIPv4Literal(name) {
            throw ManagementError(
                .invalidName,
                "'\(raw)' is an IP address; custom host names are DNS names in your tenant's domains, such as 'orders.apps.example.com'"
            )
        }
        if !name.allSatisfy(\.isASCII) {
            throw ManagementError(
                .invalidName,
                "'\(raw)' has characters outside ASCII; write an internationalised name in its A-label (punycode) form, 'xn--…'"
            )
        }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        let valid =
            !name.isEmpty && name.count <= 253 && labels.count >= 2
            && labels.allSatisfy { label in
                !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                    && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            }
        if name == "localhost" || name.hasSuffix(".localhost") {
            throw ManagementError(.invalidName, "'\(raw)' is a loopback name (RFC 6761); use a name in your tenant's domains")
        }
        guard valid else {
            throw ManagementError(
                .invalidName,
                "'\(raw)' is not a valid host name; use a DNS name such as 'orders.example.com' (letters, digits and '-' in dot-separated labels of at most 63 characters)"
            )
        }
        return name
    }

    static func canonicalSpelling(_ raw: String) -> String {
        var name = raw.trimmingCharacters(in: .whitespaces).lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        return name
    }

    /// Whatever `inet_aton` would read as an IPv4 address (`127.1`, `0x7f.0.0.1`, `017700000001`,
    /// `2130706433`), and any name whose last label is numeric (no top-level domain is).
    static func isIPv4Literal(_ name: String) -> Bool {
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        guard let last = labels.last, !last.isEmpty else { return false }
        func numeric(_ label: Substring) -> Bool {
            let lower = label.lowercased()
            if lower.hasPrefix("0x") { return lower.count > 2 && lower.dropFirst(2).allSatisfy(\.isHexDigit) }
            return !lower.isEmpty && lower.allSatisfy(\.isNumber)
        }
        return numeric(last) || (labels.count <= 4 && labels.allSatisfy(numeric))
    }
}
