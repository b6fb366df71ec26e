import Foundation
import HTTPTypes
import HearthCore
import HearthManagement
import HearthStore
import HummingbirdTesting
import NIOCore
import Testing

@testable import HearthPortal

@Suite("Portal instance administration")
struct PortalAdminTests {
    let csrf = PortalTestInstance.csrf

    @Test("the admin pages are 404 for anyone but an instance admin, and change nothing", arguments: [APIToken.Role.owner, .contributor, .reader])
    func notForNonAdmins(role: APIToken.Role) async throws {
        let instance = try await PortalTestInstance()
        let bob = try await instance.user("bob", isAdmin: true)
        let identity = try await instance.identity(role, tenant: "acme")
        try await instance.test(as: identity) { client in
            for uri in ["/admin", "/admin/users", "/admin/tenants", "/admin/settings"] {
                let page = try await client.page(uri)
                #expect(page.status == .notFound, "\(uri)")
                #expect(!page.body.contains("Create a user"))
            }
            let posts: [(String, [(String, String)])] = [
                ("/admin/users", [("csrf", csrf), ("login", "mallory"), ("admin", "on")]),
                ("/admin/users/\(bob.id.uuidString)/admin", [("csrf", csrf), ("admin", "false")]),
                ("/admin/users/\(bob.id.uuidString)/delete", [("csrf", csrf), ("confirm", "bob")]),
                ("/admin/tenants", [("csrf", csrf), ("name", "intruder")]),
                ("/admin/tenants/acme/delete", [("csrf", csrf), ("confirm", "acme"), ("force", "on")]),
                ("/admin/settings", [("csrf", csrf), ("portalURL", "https://evil.example")]),
            ]
            for (uri, fields) in posts {
                #expect(try await client.form(uri, fields).status == .notFound, "\(uri)")
            }
            let home = try await client.page("/apps")
            #expect(!home.body.contains("href=\"/admin\""))
        }
        #expect(try await instance.store.user(issuer: User.localIssuer, subject: "mallory") == nil)
        #expect(try await instance.store.user(id: bob.id)?.isAdmin == true)
        #expect(try await instance.store.tenant(named: "intruder") == nil)
        #expect(try await instance.store.tenant(named: "acme") != nil)
        #expect(try await instance.store.instanceSettings().portalURL == nil)
    }

    /// The token of the one-time link a page shows.
    static func setupToken(in body: String) throws -> String {
        let range = try #require(body.range(of: #"/setup/[A-Za-z0-9_-]{43}"#, options: .regularExpression))
        return String(body[range].dropFirst("/setup/".count))
    }

    @Test("creating a user shows a one-time setup link on the portal URL whose hash the store keeps")
    func createUserShowsSetupLink() async throws {
        let instance = try await PortalTestInstance()
        try await instance.store.setInstanceSettings(InstanceSettings(portalURL: "https://portal.example.com"))
        try await instance.test(as: try await instance.identity(.admin, tenant: nil)) { client in
            let created = try await client.form("/admin/users", [("csrf", csrf), ("login", "dana"), ("displayName", "Dana <i>D</i>")])
            #expect(created.status == .ok)
            #expect(created.headers[.cacheControl] == "no-store")
            #expect(created.body.contains("https://portal.example.com/setup/"))
            #expect(created.body.contains("Dana &lt;i&gt;D&lt;/i&gt;"))
            let token = try Self.setupToken(in: created.body)
            let user = try #require(try await instance.store.user(issuer: User.localIssuer, subject: "dana"))
            #expect(!user.isAdmin)
            #expect(user.passwordHash == nil)
            // The list afterwards does not show the link again.
            let list = try await client.page("/admin/users")
            #expect(!list.body.contains(token))
            let link = try #require(try await instance.store.consumeSetupLink(tokenHash: SessionToken.hash(token), at: Date()))
            #expect(link.userID == user.id)
            #expect(link.expiresAt > Date().addingTimeInterval(23 * 3600))
            let duplicate = try await client.form("/admin/users", [("csrf", csrf), ("login", "dana")])
            #expect(duplicate.status == .conflict)
            let invalid = try await client.form("/admin/users", [("csrf", csrf), ("login", "<script>")])
            #expect(invalid.status == .badRequest)
        }
    }

    @Test("a password reset removes the password and issues a new link, replacing the unused one")
    func resetPassword() async throws {
        let instance = try await PortalTestInstance()
        let erin = try await instance.user("erin")
        try await instance.store.setPasswordHash(userID: erin.id, "$2b$12$notarealhashnotarealhashnotarealhashnotarealhash", at: Date())
        let old = try await SetupLinkIssuer(store: instance.store).issue(for: erin.id)
        try await instance.test(as: try await instance.identity(.admin, tenant: nil)) { client in
            let reset = try await client.form("/admin/users/\(erin.id.uuidString)/reset-password", [("csrf", csrf)])
            #expect(reset.status == .ok)
            let token = try Self.setupToken(in: reset.body)
            #expect(token != old)
            #expect(try await instance.store.consumeSetupLink(tokenHash: SessionToken.hash(old), at: Date()) == nil)
            #expect(try await instance.store.consumeSetupLink(tokenHash: SessionToken.hash(token), at: Date())?.userID == erin.id)
        }
        #expect(try await instance.store.user(id: erin.id)?.passwordHash == nil)
    }

    @Test("admin role, disabling and deleting keep one enabled admin")
    func lastAdmin() async throws {
        let instance = try await PortalTestInstance()
        let root = try await instance.user("root", isAdmin: true)
        let fay = try await instance.user("fay")
        try await instance.test(as: try await instance.identity(.admin, tenant: nil)) { client in
            let unmake = try await client.form("/admin/users/\(root.id.uuidString)/admin", [("csrf", csrf), ("admin", "false")])
            #expect(unmake.status == .conflict)
            #expect(unmake.body.contains("last enabled admin"))
            #expect(try await client.form("/admin/users/\(root.id.uuidString)/disabled", [("csrf", csrf), ("disabled", "true")]).status == .conflict)
            #expect(try await client.form("/admin/users/\(root.id.uuidString)/delete", [("csrf", csrf), ("confirm", "root")]).status == .conflict)
            #expect(try await client.form("/admin/users/\(fay.id.uuidString)/admin", [("csrf", csrf), ("admin", "true")]).status == .seeOther)
            #expect(try await client.form("/admin/users/\(root.id.uuidString)/admin", [("csrf", csrf), ("admin", "false")]).status == .seeOther)
            #expect(try await client.form("/admin/users/\(root.id.uuidString)/disabled", [("csrf", csrf), ("disabled", "true")]).status == .seeOther)
            let wrongConfirm = try await client.form("/admin/users/\(root.id.uuidString)/delete", [("csrf", csrf), ("confirm", "roo")])
            #expect(wrongConfirm.status == .badRequest)
            #expect(try await client.form("/admin/users/\(root.id.uuidString)/delete", [("csrf", csrf), ("confirm", "root")]).status == .seeOther)
            #expect(try await client.form("/admin/users/\(UUID().uuidString)/delete", [("csrf", csrf), ("confirm", "x")]).status == .notFound)
        }
        #expect(try await instance.store.user(id: root.id) == nil)
        #expect(try await instance.store.user(id: fay.id)?.isAdmin == true)
    }

    @Test("an admin creates tenants with the API's rules and deletes one only with its name typed, and its apps only when asked")
    func tenants() async throws {
        let instance = try await PortalTestInstance()
        try await instance.seedApp("orders", tenant: "acme")
        try await instance.test(as: try await instance.identity(.admin, tenant: nil)) { client in
            #expect(try await client.form("/admin/tenants", [("csrf", csrf), ("name", "globex")]).status == .seeOther)
            #expect(try await client.form("/admin/tenants", [("csrf", csrf), ("name", "globex")]).status == .conflict)
            #expect(try await client.form("/admin/tenants", [("csrf", csrf), ("name", "Bad Name!")]).status != .seeOther)
            let list = try await client.page("/admin/tenants")
            #expect(list.body.contains("globex") && list.body.contains("acme"))
            #expect(try await client.form("/admin/tenants/globex/delete", [("csrf", csrf), ("confirm", "globe")]).status == .badRequest)
            #expect(try await client.form("/admin/tenants/acme/delete", [("csrf", csrf), ("confirm", "acme")]).status == .conflict)
            #expect(try await client.form("/admin/tenants/globex/delete", [("csrf", csrf), ("confirm", "globex")]).status == .seeOther)
            #expect(try await client.form("/admin/tenants/acme/delete", [("csrf", csrf), ("confirm", "acme"), ("force", "on")]).status == .seeOther)
        }
        #expect(try await instance.store.tenants().isEmpty)
        #expect(try await instance.store.app(named: "orders") == nil)
    }

    @Test("instance settings accept only absolute http(s) URLs and keep the second-factor and retention choices")
    func settings() async throws {
        let instance = try await PortalTestInstance()
        let acme = try await instance.tenant("acme")
        _ = try await instance.tenant("globex")
        try await instance.test(as: try await instance.identity(.admin, tenant: nil)) { client in
            for bad in ["ftp://portal.example.com", "portal.example.com", "https://", "https://x.example/?a=1"] {
                let response = try await client.form("/admin/settings", [("csrf", csrf), ("portalURL", bad)])
                #expect(response.status == .badRequest, "\(bad)")
            }
            #expect(try await client.form("/admin/settings", [("csrf", csrf), ("auditRetentionDays", "0")]).status == .badRequest)
            let saved = try await client.form(
                "/admin/settings",
                [
                    ("csrf", csrf), ("portalURL", "https://portal.example.com/"), ("functionHostURL", "https://fn.example.com"),
                    ("kuduURL", "https://{app}.scm.example.com"), ("secondFactor.acme", "on"), ("auditRetentionDays", "90"),
                ]
            )
            #expect(saved.status == .seeOther)
            let page = try await client.page("/admin/settings")
            #expect(page.body.contains("value=\"https://fn.example.com\""))
        }
        let settings = try await instance.store.instanceSettings()
        #expect(settings.portalURL == "https://portal.example.com")
        #expect(settings.functionHostURL == "https://fn.example.com")
        #expect(settings.kuduURL == "https://{app}.scm.example.com")
        #expect(settings.tenantsRequiringSecondFactor == [acme.id])
        #expect(!settings.requireSecondFactor)
        #expect(settings.auditRetentionDays == 90)
    }

    @Test("the instance's public URLs replace the command line's in function URLs and the publish profile")
    func publicURLs() async throws {
        let instance = try await PortalTestInstance()
        try await instance.seedApp("orders", tenant: "acme")
        let identity = try await instance.identity(.owner, tenant: "acme")
        let zip = try PortalDeploymentTests.package()
        try await instance.test(as: identity) { client in
            var headers = HTTPFields()
            headers[.contentType] = "multipart/form-data; boundary=hearth-test-boundary"
            let status = try await client.execute(
                uri: "/apps/orders/deployments",
                method: .post,
                headers: headers,
                body: PortalDeploymentTests.multipart(zip)
            ) { $0.status }
            #expect(status == .seeOther)
            let before = try await client.page("/apps/orders")
            #expect(before.body.contains("http://orders.localhost:7071/api/hello/"))
            let profileBefore = try await client.page("/apps/orders/publishprofile")
            #expect(profileBefore.body.contains("http://orders.localhost:7071\""))
            try await instance.store.setInstanceSettings(
                InstanceSettings(functionHostURL: "https://fn.example.com", kuduURL: "https://deploy.example.com")
            )
            let after = try await client.page("/apps/orders")
            #expect(after.body.contains("https://orders.localhost/api/hello/"))
            #expect(!after.body.contains(":7071"))
            let profile = try await client.page("/apps/orders/publishprofile")
            #expect(profile.status == .ok)
            #expect(profile.body.contains("https://deploy.example.com/scm/orders"))
            #expect(profile.body.contains("https://orders.localhost\""))
            #expect(!profile.body.contains(":7071"))
        }
    }

    @Test("overriding keeps the command line's URLs for settings never set")
    func overrideUnit() {
        var configuration = ManagementConfiguration(workerPublicURL: "http://10.0.0.5:7071", scmURL: "http://10.0.0.5:7070/scm/{app}")
        #expect(configuration.overridden(by: InstanceSettings()).workerPublicURL == "http://10.0.0.5:7071")
        #expect(configuration.overridden(by: InstanceSettings()).scmURL == "http://10.0.0.5:7070/scm/{app}")
        configuration = configuration.overridden(
            by: InstanceSettings(functionHostURL: "https://fn.example.com/", kuduURL: "https://{app}.scm.example.com")
        )
        #expect(configuration.workerPublicURL == "https://fn.example.com")
        #expect(configuration.scmURL == "https://{app}.scm.example.com")
    }
}
