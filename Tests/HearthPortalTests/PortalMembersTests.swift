import Foundation
import HTTPTypes
import HearthCore
import HearthManagement
import HearthStore
import HummingbirdTesting
import Testing

@testable import HearthPortal

@Suite("Portal tenant members")
struct PortalMembersTests {
    let csrf = PortalTestInstance.csrf

    @Test("an owner adds a user with a role, changes the role and removes the member")
    func ownerManagesMembers() async throws {
        let instance = try await PortalTestInstance()
        try await instance.user("olga", tenant: "acme", role: .owner)
        let bob = try await instance.user("bob")
        let identity = try await instance.identity(.owner, tenant: "acme")
        try await instance.test(as: identity) { client in
            let added = try await client.form("/tenants/acme/members", [("csrf", csrf), ("user", "bob"), ("role", "reader")])
            #expect(added.status == .seeOther)
            #expect(try await instance.roles(in: "acme")["bob"] == .reader)
            let page = try await client.page("/tenants/acme/members")
            #expect(page.status == .ok)
            #expect(page.body.contains("bob"))
            #expect(page.body.contains("action=\"/tenants/acme/members/remove\""))
            let changed = try await client.form("/tenants/acme/members", [("csrf", csrf), ("user", "bob"), ("role", "contributor")])
            #expect(changed.status == .seeOther)
            #expect(try await instance.roles(in: "acme")["bob"] == .contributor)
            let removed = try await client.form("/tenants/acme/members/remove", [("csrf", csrf), ("user", bob.id.uuidString)])
            #expect(removed.status == .seeOther)
            #expect(try await instance.roles(in: "acme")["bob"] == nil)
            let unknown = try await client.form("/tenants/acme/members", [("csrf", csrf), ("user", "nobody"), ("role", "reader")])
            #expect(unknown.status == .notFound)
            let badRole = try await client.form("/tenants/acme/members", [("csrf", csrf), ("user", "bob"), ("role", "admin")])
            #expect(badRole.status == .badRequest)
        }
        #expect(try await instance.roles(in: "acme") == ["olga": .owner])
    }

    @Test("an owner's refused add does not tell an unknown login from a disabled account; an admin's says which")
    func refusalsDoNotProbeLogins() async throws {
        let instance = try await PortalTestInstance()
        try await instance.user("olga", tenant: "acme", role: .owner)
        var dora = try await instance.user("dora")
        dora.isDisabled = true
        try await instance.store.updateUser(dora)
        let owner = try await instance.identity(.owner, tenant: "acme")
        let (unknown, disabled) = try await instance.test(as: owner) { client in
            let unknown = try await client.form("/tenants/acme/members", [("csrf", csrf), ("user", "nobody"), ("role", "reader")])
            let disabled = try await client.form("/tenants/acme/members", [("csrf", csrf), ("user", "dora"), ("role", "reader")])
            return (unknown, disabled)
        }
        #expect(unknown.status == .notFound && disabled.status == .notFound)
        let said = [unknown.body.replacingOccurrences(of: "nobody", with: "?"), disabled.body.replacingOccurrences(of: "dora", with: "?")]
        #expect(said[0] == said[1])
        #expect(!unknown.body.contains("there is no user"))
        #expect(try await instance.roles(in: "acme")["dora"] == nil)

        let admin = try await instance.identity(.admin, tenant: nil)
        let precise = try await instance.test(as: admin) { client in
            try await client.form("/tenants/acme/members", [("csrf", csrf), ("user", "nobody"), ("role", "reader")])
        }
        #expect(precise.status == .notFound && precise.body.contains("there is no user named"))
    }

    @Test("contributors and readers see the members but every change is a 403", arguments: [APIToken.Role.contributor, .reader])
    func membersCannotChange(role: APIToken.Role) async throws {
        let instance = try await PortalTestInstance()
        try await instance.user("olga", tenant: "acme", role: .owner)
        let bob = try await instance.user("bob", tenant: "acme", role: .reader)
        try await instance.user("carl")
        let identity = try await instance.identity(role, tenant: "acme")
        try await instance.test(as: identity) { client in
            let page = try await client.page("/tenants/acme/members")
            #expect(page.status == .ok)
            #expect(page.body.contains("olga"))
            #expect(!page.body.contains("/members/remove"))
            let add = try await client.form("/tenants/acme/members", [("csrf", csrf), ("user", "carl"), ("role", "owner")])
            #expect(add.status == .forbidden)
            let promote = try await client.form("/tenants/acme/members", [("csrf", csrf), ("user", "bob"), ("role", "owner")])
            #expect(promote.status == .forbidden)
            let remove = try await client.form("/tenants/acme/members/remove", [("csrf", csrf), ("user", bob.id.uuidString)])
            #expect(remove.status == .forbidden)
        }
        #expect(try await instance.roles(in: "acme") == ["olga": .owner, "bob": .reader])
    }

    @Test("tenant B's owner gets 404 for tenant A's members, by URL and by form field")
    func otherTenantIsNotFound() async throws {
        let instance = try await PortalTestInstance()
        let alice = try await instance.user("alice", tenant: "acme", role: .owner)
        try await instance.user("gus", tenant: "globex", role: .owner)
        let identity = try await instance.identity(.owner, tenant: "globex")
        try await instance.test(as: identity) { client in
            #expect(try await client.page("/tenants/acme/members").status == .notFound)
            let add = try await client.form("/tenants/acme/members", [("csrf", csrf), ("user", "gus"), ("role", "owner")])
            #expect(add.status == .notFound)
            let remove = try await client.form("/tenants/acme/members/remove", [("csrf", csrf), ("user", alice.id.uuidString)])
            #expect(remove.status == .notFound)
            // Its own tenant's form, naming a member of the other tenant.
            let byField = try await client.form("/tenants/globex/members/remove", [("csrf", csrf), ("user", alice.id.uuidString)])
            #expect(byField.status == .notFound)
            let members = try await client.page("/members")
            #expect(members.headers[.location] == "/tenants/globex/members")
        }
        #expect(try await instance.roles(in: "acme") == ["alice": .owner])
        #expect(try await instance.roles(in: "globex") == ["gus": .owner])
    }

    @Test("the last owner of a tenant can be neither demoted nor removed; with a second owner it can")
    func lastOwner() async throws {
        let instance = try await PortalTestInstance()
        let olga = try await instance.user("olga", tenant: "acme", role: .owner)
        try await instance.user("bob", tenant: "acme", role: .contributor)
        for identity in [try await instance.identity(.owner, tenant: "acme"), try await instance.identity(.admin, tenant: nil)] {
            try await instance.test(as: identity) { client in
                let demote = try await client.form("/tenants/acme/members", [("csrf", csrf), ("user", "olga"), ("role", "reader")])
                #expect(demote.status == .conflict)
                #expect(demote.body.contains("last owner"))
                let remove = try await client.form("/tenants/acme/members/remove", [("csrf", csrf), ("user", olga.id.uuidString)])
                #expect(remove.status == .conflict)
            }
        }
        #expect(try await instance.roles(in: "acme")["olga"] == .owner)
        try await instance.test(as: try await instance.identity(.owner, tenant: "acme")) { client in
            let promote = try await client.form("/tenants/acme/members", [("csrf", csrf), ("user", "bob"), ("role", "owner")])
            #expect(promote.status == .seeOther)
            let demote = try await client.form("/tenants/acme/members", [("csrf", csrf), ("user", "olga"), ("role", "reader")])
            #expect(demote.status == .seeOther)
        }
        #expect(try await instance.roles(in: "acme") == ["olga": .reader, "bob": .owner])
    }

    @Test("a POST without the CSRF token changes no membership")
    func csrfRequired() async throws {
        let instance = try await PortalTestInstance()
        try await instance.user("bob")
        _ = try await instance.tenant("acme")
        try await instance.test(as: try await instance.identity(.owner, tenant: "acme")) { client in
            let response = try await client.form("/tenants/acme/members", [("user", "bob"), ("role", "owner")])
            #expect(response.status == .forbidden)
        }
        #expect(try await instance.roles(in: "acme").isEmpty)
    }
}
