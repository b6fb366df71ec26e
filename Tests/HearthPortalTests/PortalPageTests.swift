import Foundation
import HTTPTypes
import HearthCore
import HearthManagement
import HearthStore
import HummingbirdTesting
import Testing

@testable import HearthPortal

@Suite("Portal pages")
struct PortalPageTests {
    static let hostile = "<script>alert(1)</script>"

    @Test("every response carries the CSP, nosniff, referrer policy and no-store")
    func securityHeaders() async throws {
        let instance = try await PortalTestInstance()
        try await instance.seedApp("orders", tenant: "acme")
        let identity = try await instance.identity(.owner, tenant: "acme")
        try await instance.test(as: identity) { client in
            for uri in ["/apps", "/apps/orders", "/apps/missing"] {
                let response = try await client.page(uri)
                #expect(
                    response.headers[HTTPField.Name("Content-Security-Policy")!]
                        == PortalSecurityHeadersMiddleware<PortalRequestContext>.contentSecurityPolicy
                )
                #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin")
                #expect(response.headers[.cacheControl] == "no-store")
            }
            let css = try await client.page("/static/portal.css")
            #expect(css.status == .ok)
            #expect(css.headers[HTTPField.Name("Content-Security-Policy")!] != nil)
        }
        #expect(PortalSecurityHeadersMiddleware<PortalRequestContext>.contentSecurityPolicy.contains("frame-ancestors 'none'"))
    }

    @Test("the apps list shows fifty apps a page, with links to the others, and names the tenant once")
    func appsListPages() async throws {
        let instance = try await PortalTestInstance()
        for index in 1...60 { _ = try await instance.seedApp(String(format: "app-%02d", index), tenant: "acme") }
        let identity = try await instance.identity(.owner, tenant: "acme")
        try await instance.test(as: identity) { client in
            let first = try await client.page("/apps")
            #expect(first.body.contains("Apps of acme</h1>"))
            #expect(first.body.contains("href=\"/apps/app-50\""))
            #expect(!first.body.contains("href=\"/apps/app-51\""))
            #expect(first.body.contains("Page 1 of 2 (60 apps)"))
            #expect(first.body.contains("href=\"/apps?page=2\""))
            let second = try await client.page("/apps?page=2")
            #expect(second.body.contains("href=\"/apps/app-51\""))
            #expect(second.body.contains("href=\"/apps/app-60\""))
            #expect(!second.body.contains("href=\"/apps/app-50\""))
            #expect(second.body.contains("href=\"/apps?page=1\""))
            // A page past the end shows the last one.
            #expect(try await client.page("/apps?page=9").body.contains("Page 2 of 2"))
        }
    }

    @Test("nobody signed in: pages redirect to /signin, static files are served")
    func unauthenticated() async throws {
        let instance = try await PortalTestInstance()
        try await instance.test(as: nil) { client in
            let response = try await client.page("/apps")
            #expect(response.status == .seeOther)
            #expect(response.headers[.location]?.hasPrefix("/signin") == true)
            do {
                let response = try await client.page("/static/portal.js")
                #expect(response.status == .ok)
            }
        }
    }

    @Test("a hostile setting name and value, and a hostile display name, render escaped")
    func escaping() async throws {
        let instance = try await PortalTestInstance()
        let app = try await instance.seedApp("orders", tenant: "acme")
        try await instance.store.putSettings(appID: app.id, [AppSetting(name: Self.hostile, value: Self.hostile, isSecret: false)])
        let identity = try await instance.identity(.owner, tenant: "acme")
        try await instance.test(as: identity) { client in
            let page = try await client.page("/apps/orders/settings")
            #expect(page.status == .ok)
            #expect(!page.body.contains(Self.hostile))
            #expect(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!page.body.contains("<b>Person</b>"))
            #expect(page.body.contains("Pat &lt;b&gt;Person&lt;/b&gt;"))
        }
    }

    @Test("the pages have no inline script, style or event handler")
    func noInlineCode() async throws {
        let instance = try await PortalTestInstance()
        try await instance.seedApp("orders", tenant: "acme")
        let identity = try await instance.identity(.owner, tenant: "acme")
        try await instance.test(as: identity) { client in
            for uri in [
                "/apps", "/apps/orders", "/apps/orders/settings", "/apps/orders/keys", "/apps/orders/deployments", "/apps/orders/invocations",
            ] {
                let page = try await client.page(uri)
                #expect(page.status == .ok, "\(uri)")
                #expect(!page.body.contains("<script>"), "\(uri)")
                #expect(!page.body.contains("<style"), "\(uri)")
                #expect(!page.body.contains("style="), "\(uri)")
                #expect(!page.body.contains("onclick"), "\(uri)")
            }
        }
    }

    @Test("the apps list shows the selected tenant's apps only")
    func appsList() async throws {
        let instance = try await PortalTestInstance()
        try await instance.seedApp("orders", tenant: "acme")
        try await instance.seedApp("rival-billing", tenant: "globex")
        let identity = try await instance.identity(.reader, tenant: "acme")
        try await instance.test(as: identity) { client in
            let home = try await client.page("/")
            #expect(home.status == .seeOther)
            #expect(home.headers[.location] == "/apps")
            let page = try await client.page("/apps")
            #expect(page.body.contains("orders"))
            #expect(!page.body.contains("rival-billing"))
            #expect(page.body.contains("<option value=\"acme\" selected>acme</option>"))
            #expect(!page.body.contains("Create an app"))
            do {
                let response = try await client.page("/apps?tenant=globex")
                #expect(response.status == .notFound)
            }
        }
    }

    @Test("create an app through the form, then delete it with the typed confirmation")
    func createAndDelete() async throws {
        let instance = try await PortalTestInstance()
        let identity = try await instance.identity(.contributor, tenant: "acme")
        try await instance.test(as: identity) { client in
            let created = try await client.form("/apps", [("csrf", PortalTestInstance.csrf), ("name", "shop")])
            #expect(created.status == .seeOther)
            #expect(created.headers[.location] == "/apps/shop")
            let check = try await client.page("/apps/check-name?name=shop")
            #expect(check.body.contains("\"valid\":\"false\""))
            let wrong = try await client.form("/apps/shop/delete", [("csrf", PortalTestInstance.csrf), ("confirm", "sho")])
            #expect(wrong.status == .badRequest)
            let deleted = try await client.form("/apps/shop/delete", [("csrf", PortalTestInstance.csrf), ("confirm", "shop")])
            #expect(deleted.status == .seeOther)
        }
        let app = try await instance.store.app(named: "shop")
        #expect(app == nil)
    }
}
