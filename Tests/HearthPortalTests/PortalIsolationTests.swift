import Foundation
import HTTPTypes
import HearthCore
import HearthManagement
import HearthStore
import HummingbirdTesting
import Testing

@testable import HearthPortal

@Suite("Portal isolation and roles")
struct PortalIsolationTests {
    @Test("a person of tenant A gets 404 for tenant B's app, by URL and by form")
    func otherTenant() async throws {
        let instance = try await PortalTestInstance()
        try await instance.seedApp("orders", tenant: "acme")
        let other = try await instance.seedApp("ledger", tenant: "globex")
        try await instance.store.putSettings(appID: other.id, [AppSetting(name: "KEEP", value: "1", isSecret: false)])
        let identity = try await instance.identity(.owner, tenant: "acme")
        let csrf = PortalTestInstance.csrf
        try await instance.test(as: identity) { client in
            for uri in ["/apps/ledger", "/apps/ledger/settings", "/apps/ledger/keys", "/apps/ledger/deployments", "/apps/ledger/invocations"] {
                do {
                    let response = try await client.page(uri)
                    #expect(response.status == .notFound, "\(uri)")
                }
            }
            do {
                let response = try await client.form("/apps/ledger/settings", [("csrf", csrf), ("name", "X"), ("value", "1")])
                #expect(response.status == .notFound)
            }
            do {
                let response = try await client.form("/apps/ledger/settings/delete", [("csrf", csrf), ("name", "KEEP")])
                #expect(response.status == .notFound)
            }
            do {
                let response = try await client.form("/apps/ledger/delete", [("csrf", csrf), ("confirm", "ledger")])
                #expect(response.status == .notFound)
            }
            do {
                let response = try await client.form("/apps", [("csrf", csrf), ("name", "intruder"), ("tenant", "globex")])
                #expect(response.status == .notFound)
            }
        }
        #expect(try await instance.store.app(named: "ledger") != nil)
        #expect(try await instance.store.settings(appID: other.id).map(\.name) == ["KEEP"])
        #expect(try await instance.store.app(named: "intruder") == nil)
    }

    @Test("a reader sees the app but every change is a 403 page")
    func readerCannotChange() async throws {
        let instance = try await PortalTestInstance()
        let app = try await instance.seedApp("orders", tenant: "acme")
        let identity = try await instance.identity(.reader, tenant: "acme")
        let csrf = PortalTestInstance.csrf
        try await instance.test(as: identity) { client in
            let page = try await client.page("/apps/orders/settings")
            #expect(page.status == .ok)
            #expect(!page.body.contains("action=\"/apps/orders/settings\""))
            let refused = try await client.form("/apps/orders/settings", [("csrf", csrf), ("name", "X"), ("value", "1")])
            #expect(refused.status == .forbidden)
            #expect(refused.headers[.contentType]?.hasPrefix("text/html") == true)
            do {
                let response = try await client.form("/apps/orders/delete", [("csrf", csrf), ("confirm", "orders")])
                #expect(response.status == .forbidden)
            }
            do {
                let response = try await client.form("/apps", [("csrf", csrf), ("name", "more")])
                #expect(response.status == .forbidden)
            }
        }
        #expect(try await instance.store.settings(appID: app.id).isEmpty)
        #expect(try await instance.store.app(named: "orders") != nil)
    }

    @Test("a contributor sees secret settings and keys masked; an owner sees them")
    func secretsMasked() async throws {
        let instance = try await PortalTestInstance()
        let app = try await instance.seedApp("orders", tenant: "acme")
        try await instance.store.putSettings(appID: app.id, [AppSetting(name: "DB_PASSWORD", value: "hunter2-secret", isSecret: true)])
        _ = try await instance.store.putKey(appID: app.id, FunctionKey(scope: .host, name: "default", value: "hostkeyvalue1234567890"))
        let contributor = try await instance.identity(.contributor, tenant: "acme")
        try await instance.test(as: contributor) { client in
            let settings = try await client.page("/apps/orders/settings")
            #expect(settings.body.contains("DB_PASSWORD"))
            #expect(!settings.body.contains("hunter2-secret"))
            let keys = try await client.page("/apps/orders/keys")
            #expect(keys.body.contains("default"))
            #expect(!keys.body.contains("hostkeyvalue1234567890"))
        }
        let owner = try await instance.identity(.owner, tenant: "acme")
        try await instance.test(as: owner) { client in
            do {
                let response = try await client.page("/apps/orders/settings")
                #expect(response.body.contains("hunter2-secret"))
            }
            do {
                let response = try await client.page("/apps/orders/keys")
                #expect(response.body.contains("hostkeyvalue1234567890"))
            }
        }
    }

    @Test("a POST without the right CSRF token is refused and changes nothing")
    func csrfRequired() async throws {
        let instance = try await PortalTestInstance()
        let app = try await instance.seedApp("orders", tenant: "acme")
        let identity = try await instance.identity(.owner, tenant: "acme")
        try await instance.test(as: identity) { client in
            do {
                let response = try await client.form("/apps/orders/settings", [("name", "X"), ("value", "1")])
                #expect(response.status == .forbidden)
            }
            do {
                let response = try await client.form("/apps/orders/settings", [("csrf", "wrong"), ("name", "X"), ("value", "1")])
                #expect(response.status == .forbidden)
            }
            let accepted = try await client.form("/apps/orders/settings", [("csrf", PortalTestInstance.csrf), ("name", "X"), ("value", "1")])
            #expect(accepted.status == .seeOther)
        }
        #expect(try await instance.store.settings(appID: app.id).map(\.name) == ["X"])
    }

    @Test("disabling a function sets AzureWebJobs.<name>.Disabled; enabling removes it")
    func functionState() async throws {
        let instance = try await PortalTestInstance()
        let app = try await instance.seedApp("orders", tenant: "acme")
        let identity = try await instance.identity(.contributor, tenant: "acme")
        let csrf = PortalTestInstance.csrf
        try await instance.test(as: identity) { client in
            do {
                let response = try await client.form("/apps/orders/functions/Hello/state", [("csrf", csrf), ("disabled", "true")])
                #expect(response.status == .seeOther)
            }
        }
        #expect(try await instance.store.settingValues(appID: app.id)["AzureWebJobs.Hello.Disabled"] == "true")
        try await instance.test(as: identity) { client in
            do {
                let response = try await client.form("/apps/orders/functions/Hello/state", [("csrf", csrf), ("disabled", "false")])
                #expect(response.status == .seeOther)
            }
        }
        #expect(try await instance.store.settingValues(appID: app.id)["AzureWebJobs.Hello.Disabled"] == nil)
    }

    @Test("a refused page (404 for another tenant's app, 403 for a reader's change) keeps the person's header")
    func refusedPageKeepsTheHeader() async throws {
        let instance = try await PortalTestInstance()
        try await instance.seedApp("orders", tenant: "acme")
        try await instance.seedApp("ledger", tenant: "globex")
        let reader = try await instance.identity(.reader, tenant: "acme")
        let csrf = PortalTestInstance.csrf
        let (missing, refused) = try await instance.test(as: reader) { client in
            let missing = try await client.page("/apps/ledger/settings")
            return (missing, try await client.form("/apps/orders/settings", [("csrf", csrf), ("name", "X")]))
        }
        #expect(missing.status == .notFound)
        #expect(refused.status == .forbidden)
        for page in [missing, refused] {
            #expect(page.body.contains("Pat &lt;b&gt;Person&lt;/b&gt;"), "\(page.body)")
            #expect(page.body.contains("action=\"/signout\""))
            #expect(page.body.contains("<option value=\"acme\" selected>acme</option>"))
        }
        #expect(!missing.body.contains("globex"))
    }

    @Test("a reader's pages hold no form that posts, but sign-out's: the code and the HTTP function's request are shown read-only")
    func readerPagesHaveNoChangingForm() async throws {
        let (instance, _) = try await PortalCodeTests.deployed()
        let reader = try await instance.identity(.reader, tenant: "acme")
        let pages =
            ["/apps", "/apps/orders", "/apps/orders/settings", "/apps/orders/keys", "/apps/orders/deployments", "/apps/orders/code"]
            + ["/apps/orders/run?function=HttpHello", "/tenants/acme/members"]
        try await instance.test(as: reader) { client in
            for uri in pages {
                let page = try await client.page(uri)
                #expect(page.status == .ok, "\(uri)")
                #expect(page.body.components(separatedBy: "method=\"post\"").count == 2, "\(uri): \(page.body)")
            }
            let code = try await client.page("/apps/orders/code")
            #expect(code.body.contains(" readonly"))
            let run = try await client.page("/apps/orders/run?function=HttpHello")
            #expect(run.body.contains("Readers can see functions but not run them."))
            #expect(run.body.contains("<p>Route: <code>"))
        }
    }
}
