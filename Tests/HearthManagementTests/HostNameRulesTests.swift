import Foundation
import HTTPTypes
import HearthCore
import HearthStore
import Testing

@testable import HearthManagement

/// Custom host names cannot capture other apps' traffic: no IP literals, none of Hearth's own
/// names, nothing under the base domain, only names in the tenant's own domains.
@Suite struct HostNameRulesTests {
    let acme = Tenant(name: "acme")
    let beta = Tenant(name: "beta")
    var domains: [TenantDomain] {
        [TenantDomain(suffix: "apps.acme.corp", tenantID: acme.id), TenantDomain(suffix: "beta.example", tenantID: beta.id)]
    }
    let rules = HostNameRules(baseDomain: "localhost", reserved: ["functions.acme.corp", "hearth-host"])

    func refusal(_ name: String) -> String? {
        do {
            _ = try rules.normalise([name], tenant: acme, domains: domains)
            return nil
        } catch let error as ManagementError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test(arguments: ["127.0.0.1", "127.1", "0x7f.1", "2130706433", "[::1]", "::1", "10.0.0.5", "1.2.3.4."])
    func ipLiteralsAreRefused(_ name: String) {
        #expect(refusal(name)?.contains("IP address") == true, "\(name): \(refusal(name) ?? "accepted")")
    }

    @Test(arguments: ["localhost", "localhost.", "LOCALHOST", "x.localhost", "orders.localhost"])
    func loopbackNamesAndTheBaseDomainAreRefused(_ name: String) {
        #expect(refusal(name) != nil, "\(name) accepted")
    }

    @Test func hearthsOwnNamesAreRefusedEvenInsideTheTenantsDomain() throws {
        let rules = HostNameRules(baseDomain: "localhost", reserved: ["orders.apps.acme.corp"])
        #expect(throws: ManagementError.self) { try rules.normalise(["orders.apps.acme.corp"], tenant: acme, domains: domains) }
        #expect(refusal("hearth-host") != nil)
    }

    @Test func onlyNamesInTheTenantsOwnDomainsAreAccepted() throws {
        #expect(
            try rules.normalise(["Orders.Apps.Acme.Corp.", "apps.acme.corp"], tenant: acme, domains: domains) == [
                "orders.apps.acme.corp", "apps.acme.corp",
            ]
        )
        let other = try #require(refusal("shop.beta.example"))
        #expect(other.contains("outside the domains of tenant 'acme'") && other.contains("hearth tenant domains add acme"), "\(other)")
        #expect(refusal("api.example.com") != nil)
        #expect(refusal("evilapps.acme.corp") != nil, "a suffix matches whole labels only")
        let none = try #require(
            try? { () throws -> String? in
                do {
                    _ = try rules.normalise(["a.b.c"], tenant: Tenant(name: "gamma"), domains: domains)
                    return nil
                } catch let e as ManagementError { return e.message }
            }()
        )
        #expect(none.contains("it has none yet"))
    }

    @Test func lookAlikesAreRefused() {
        // Cyrillic 'а' in "аpps": not ASCII; its punycode spelling is outside the tenant's domains.
        #expect(refusal("orders.\u{0430}pps.acme.corp")?.contains("A-label") == true)
        #expect(refusal("orders.xn--pps-8cd.acme.corp")?.contains("outside the domains") == true)
        #expect(refusal("xn--80ak6aa92e.com") != nil)
    }

    @Test func suffixesCannotOverlapAnotherTenantsOrHearthsOwn() throws {
        let names = [acme.id: "acme", beta.id: "beta"]
        #expect(try rules.checkSuffix("Shop.Acme.Corp", for: acme, existing: domains, tenantNames: names) == "shop.acme.corp")
        #expect(throws: ManagementError.self) { try rules.checkSuffix("acme.corp", for: beta, existing: domains, tenantNames: names) }
        #expect(throws: ManagementError.self) { try rules.checkSuffix("x.apps.acme.corp", for: beta, existing: domains, tenantNames: names) }
        #expect(throws: ManagementError.self) { try rules.checkSuffix("127.0.0.1", for: beta, existing: domains, tenantNames: names) }
        #expect(throws: ManagementError.self) { try rules.checkSuffix("localhost", for: beta, existing: domains, tenantNames: names) }
        #expect(throws: ManagementError.self) { try rules.checkSuffix("x.localhost", for: beta, existing: domains, tenantNames: names) }
        #expect(throws: ManagementError.self) { try rules.checkSuffix("corp", for: beta, existing: domains, tenantNames: names) }
    }
}

/// The API side: admins grant domains, tenant members claim names in them, and names stored before
/// the rules that break them stop routing.
@Suite struct TenantDomainAPITests {
    @Test func contributorsClaimOnlyNamesInTheirTenantsDomains() async throws {
        let instance = try await TestInstance()
        try await instance.seedApp("orders", tenant: "acme")
        try await instance.seedApp("shop", tenant: "beta")
        let acmeContributor = try await instance.token(role: .contributor, tenant: "acme")
        try await instance.test { [adminToken = instance.adminToken] client in
            let grant = try await client.call(.post, "/api/tenants/acme/domains", token: adminToken, json: #"{"domain": "apps.acme.corp"}"#)
            #expect(grant.status == .created, "\(grant.text)")
            #expect(
                try await client.call(.post, "/api/tenants/beta/domains", token: adminToken, json: #"{"domain": "beta.example"}"#).status == .created
            )
            let byMember = try await client.call(.post, "/api/tenants/acme/domains", token: acmeContributor, json: #"{"domain": "more.acme.corp"}"#)
            #expect(byMember.status == .forbidden)
            let overlap = try await client.call(.post, "/api/tenants/beta/domains", token: adminToken, json: #"{"domain": "acme.corp"}"#)
            #expect(overlap.status == .conflict, "\(overlap.text)")
            let listed = try await client.call(.get, "/api/tenants/acme/domains", token: acmeContributor)
            #expect((listed.json["domains"] as? [[String: Any]])?.compactMap { $0["domain"] as? String } == ["apps.acme.corp"])

            for name in ["127.0.0.1", "127.1", "[::1]", "localhost.", "shop.beta.example", "orders.localhost", "xn--pps-8cd.acme.corp"] {
                let refused = try await client.call(.put, "/api/apps/orders/hostnames", token: acmeContributor, json: #"{"hostNames": ["\#(name)"]}"#)
                #expect(refused.status == .badRequest, "\(name): \(refused.status) \(refused.text)")
            }
            let accepted = try await client.call(
                .put,
                "/api/apps/orders/hostnames",
                token: acmeContributor,
                json: #"{"hostNames": ["orders.apps.acme.corp"]}"#
            )
            #expect(accepted.status == .ok, "\(accepted.text)")

            // Taking the domain back stops the name routing at once; it is kept, disabled, with the reason.
            #expect(try await client.call(.delete, "/api/tenants/acme/domains/apps.acme.corp", token: adminToken).status == .noContent)
            let show = try await client.call(.get, "/api/apps/orders", token: acmeContributor)
            #expect((show.json["app"] as? [String: Any])?["hostNames"] as? [String] == [])
            let disabled = show.json["disabledHostNames"] as? [[String: Any]]
            #expect(disabled?.first?["hostName"] as? String == "orders.apps.acme.corp")
            #expect((disabled?.first?["reason"] as? String)?.contains("outside the domains") == true)
        }
        #expect(try await instance.store.app(hostName: "orders.apps.acme.corp") == nil)
    }

    /// Names that an earlier version accepted (here written to the store directly) and that break
    /// the rules are disabled when the management role starts, and reported.
    @Test func storedNamesThatBreakTheRulesAreDisabledAtStart() async throws {
        let instance = try await TestInstance()
        let app = try await instance.seedApp("orders", tenant: "acme")
        let tenant = try #require(try await instance.store.tenant(named: "acme"))
        try await instance.store.addTenantDomain(TenantDomain(suffix: "apps.acme.corp", tenantID: tenant.id))
        try await instance.store.setHostNames(appID: app.id, ["127.0.0.1", "localhost", "orders.apps.acme.corp", "api.example.com"])
        let report = try await instance.api.disableInvalidHostNames()
        #expect(report.count == 3, "\(report)")
        #expect(report.contains { $0.contains("'127.0.0.1'") && $0.contains("IP address") })
        #expect(try await instance.store.app(named: "orders")?.hostNames == ["orders.apps.acme.corp"])
        #expect(try await instance.store.app(hostName: "127.0.0.1") == nil)
        #expect(try await instance.store.disabledHostNames(appID: app.id).map(\.hostName) == ["127.0.0.1", "api.example.com", "localhost"])
        #expect(try await instance.api.disableInvalidHostNames().isEmpty, "a second run finds nothing new")
    }
}
