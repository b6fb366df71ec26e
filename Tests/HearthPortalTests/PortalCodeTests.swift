import Foundation
import HTTPTypes
import HearthCore
import HearthManagement
import HearthPackages
import HearthStore
import HummingbirdTesting
import NIOCore
import Testing

@testable import HearthPortal

@Suite("Portal code editor")
struct PortalCodeTests {
    /// An instance with app `orders` of tenant `acme` serving ``PortalDeploymentTests/package()``
    /// plus a binary file; returns the instance and the active deployment's id.
    static func deployed() async throws -> (PortalTestInstance, UUID) {
        let instance = try await PortalTestInstance()
        try await instance.seedApp("orders", tenant: "acme")
        let owner = try await instance.identity(.owner, tenant: "acme")
        let base = try PackageEditor(package: try PortalDeploymentTests.package(), limits: .init())
        let zip = try base.replacing(["logo.png": Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01])])
        try await instance.test(as: owner) { client in
            var headers = HTTPFields()
            headers[.contentType] = "multipart/form-data; boundary=hearth-test-boundary"
            let status = try await client.execute(
                uri: "/apps/orders/deployments",
                method: .post,
                headers: headers,
                body: PortalDeploymentTests.multipart(zip)
            ) { $0.status }
            #expect(status == .seeOther)
        }
        let app = try #require(try await instance.store.app(named: "orders"))
        return (instance, try #require(app.activeDeploymentID))
    }

    /// The text of `path` in the app's active package.
    static func activeText(_ instance: PortalTestInstance, _ path: String) async throws -> String? {
        let app = try #require(try await instance.store.app(named: "orders"))
        let activeID = try #require(app.activeDeploymentID)
        let deployment = try #require(try await instance.store.deployment(id: activeID))
        let package = try #require(try await instance.store.package(sha256: deployment.packageSHA256))
        return try PackageEditor(package: package, limits: .init()).text(path)
    }

    @Test("the code page lists every file, opens a script in the editor and lists a binary file as not editable")
    func view() async throws {
        let (instance, base) = try await Self.deployed()
        let reader = try await instance.identity(.reader, tenant: "acme")
        try await instance.test(as: reader) { client in
            let page = try await client.page("/apps/orders/code")
            #expect(page.status == .ok)
            #expect(page.body.contains("host.json"))
            #expect(page.body.contains("HttpHello/function.json"))
            #expect(page.body.contains("<h2 class=\"code-path\">HttpHello/index.js</h2>"))
            #expect(page.body.contains("logo.png</span> <span class=\"size\">(6 bytes, not editable)"))
            #expect(page.body.contains(base.uuidString.lowercased()))
            #expect(page.body.contains("data-code-mode=\"javascript\""))
            #expect(page.body.contains(" readonly"))
            #expect(!page.body.contains("Save and deploy"))
            let json = try await client.page("/apps/orders/code?file=HttpHello%2Ffunction.json")
            #expect(json.body.contains("hello/{name}"))
        }
    }

    @Test("without CodeMirror installed the page keeps the plain text area and loads no vendor script")
    func withoutCodeMirror() async throws {
        let (instance, _) = try await Self.deployed()
        let owner = try await instance.identity(.owner, tenant: "acme")
        let page = try await instance.test(as: owner, vendor: VendorLibraries(roots: [:])) { try await $0.page("/apps/orders/code") }
        #expect(page.body.contains("<textarea name=\"content\""))
        #expect(!page.body.contains("/static/vendor/codemirror"))
        #expect(!page.body.contains("data-codemirror"))
    }

    @Test("saving an edit deploys a new package with the file replaced, by the person, with a message")
    func save() async throws {
        let (instance, base) = try await Self.deployed()
        let contributor = try await instance.identity(.contributor, tenant: "acme")
        let code = "module.exports = async function (context, req) {\r\n  context.res = { body: 'edited' };\r\n};\r\n"
        let response = try await instance.test(as: contributor) { client in
            try await client.form(
                "/apps/orders/code",
                [("csrf", PortalTestInstance.csrf), ("base", base.uuidString.lowercased()), ("file", "HttpHello/index.js"), ("content", code)]
            )
        }
        #expect(response.status == .seeOther)
        #expect(response.headers[.location] == "/apps/orders/code?file=HttpHello%2Findex.js")
        let app = try #require(try await instance.store.app(named: "orders"))
        #expect(app.activeDeploymentID != base)
        let activeID = try #require(app.activeDeploymentID)
        let deployment = try #require(try await instance.store.deployment(id: activeID))
        #expect(deployment.author == "Pat <b>Person</b>")
        #expect(deployment.message == "Edited index.js in the portal")
        #expect(deployment.functionNames == ["HttpHello"])
        #expect(try await Self.activeText(instance, "HttpHello/index.js") == code.replacingOccurrences(of: "\r\n", with: "\n"))
        #expect(try await Self.activeText(instance, "host.json") == #"{"version": "2.0"}"#)
    }

    @Test("an invalid edit shows each problem with its file and line beside the code and deploys nothing")
    func invalidSave() async throws {
        let (instance, base) = try await Self.deployed()
        let owner = try await instance.identity(.owner, tenant: "acme")
        let broken =
            "{\n  \"bindings\": [\n    { \"type\": \"timerTrigger\", \"direction\": \"in\", \"name\": \"t\", \"schedule\": \"every day\" }\n"
            + "  ]\n}\n"
        let response = try await instance.test(as: owner) { client in
            try await client.form(
                "/apps/orders/code",
                [("csrf", PortalTestInstance.csrf), ("base", base.uuidString.lowercased()), ("file", "HttpHello/function.json"), ("content", broken)]
            )
        }
        #expect(response.status == .unprocessableContent)
        #expect(response.body.contains("Nothing was deployed"))
        #expect(response.body.contains("HttpHello/function.json:3"))
        #expect(response.body.contains("data-problem-lines=\"3\""))
        #expect(response.body.contains("every day"))  // the person's text stays in the editor
        let app = try #require(try await instance.store.app(named: "orders"))
        #expect(app.activeDeploymentID == base)
        #expect(try await instance.store.deployments(appID: app.id).count == 1)
    }

    @Test("a save based on a deployment that no longer serves is a 409 showing what changed; nothing is overwritten")
    func conflict() async throws {
        let (instance, base) = try await Self.deployed()
        let owner = try await instance.identity(.owner, tenant: "acme")
        let (first, second) = try await instance.test(as: owner) { client in
            let first = try await client.form(
                "/apps/orders/code",
                [
                    ("csrf", PortalTestInstance.csrf), ("base", base.uuidString.lowercased()), ("file", "HttpHello/index.js"),
                    ("content", "// theirs\n"),
                ]
            )
            let second = try await client.form(
                "/apps/orders/code",
                [("csrf", PortalTestInstance.csrf), ("base", base.uuidString.lowercased()), ("file", "HttpHello/index.js"), ("content", "// mine\n")]
            )
            return (first.status, second)
        }
        #expect(first == .seeOther)
        #expect(second.status == .conflict)
        #expect(second.body.contains("<li>HttpHello/index.js</li>"))
        #expect(second.body.contains("<pre class=\"code-current\">// theirs\n</pre>"))
        #expect(second.body.contains("<pre class=\"code-yours\">// mine\n</pre>"))
        #expect(try await Self.activeText(instance, "HttpHello/index.js") == "// theirs\n")
        let app = try #require(try await instance.store.app(named: "orders"))
        #expect(try await instance.store.deployments(appID: app.id).count == 2)
    }

    @Test("two saves sent at once from the same deployment: one goes live, the other is a 409 whose edit does not serve")
    func simultaneousSaves() async throws {
        let (instance, base) = try await Self.deployed()
        let owner = try await instance.identity(.owner, tenant: "acme")
        let statuses = try await instance.test(as: owner) { client in
            try await withThrowingTaskGroup(of: (String, HTTPResponse.Status).self) { group in
                for content in ["// one\n", "// two\n"] {
                    group.addTask {
                        let reply = try await client.form(
                            "/apps/orders/code",
                            [
                                ("csrf", PortalTestInstance.csrf), ("base", base.uuidString.lowercased()), ("file", "HttpHello/index.js"),
                                ("content", content),
                            ]
                        )
                        return (content, reply.status)
                    }
                }
                return try await group.reduce(into: [String: HTTPResponse.Status]()) { $0[$1.0] = $1.1 }
            }
        }
        #expect(statuses.values.sorted { $0.code < $1.code } == [.seeOther, .conflict], "\(statuses)")
        let winner = try #require(statuses.first { $0.value == .seeOther }?.key)
        #expect(try await Self.activeText(instance, "HttpHello/index.js") == winner)
    }

    @Test("a reader cannot save (403) and nothing is deployed")
    func readerCannotSave() async throws {
        let (instance, base) = try await Self.deployed()
        let reader = try await instance.identity(.reader, tenant: "acme")
        let response = try await instance.test(as: reader) { client in
            try await client.form(
                "/apps/orders/code",
                [("csrf", PortalTestInstance.csrf), ("base", base.uuidString.lowercased()), ("file", "HttpHello/index.js"), ("content", "//")]
            )
        }
        #expect(response.status == .forbidden)
        #expect(try await instance.store.app(named: "orders")?.activeDeploymentID == base)
    }

    @Test("another tenant's member gets 404 for the code page and its save")
    func otherTenant() async throws {
        let (instance, base) = try await Self.deployed()
        let stranger = try await instance.identity(.owner, tenant: "globex")
        let (page, save) = try await instance.test(as: stranger) { client in
            let page = try await client.page("/apps/orders/code")
            let save = try await client.form(
                "/apps/orders/code",
                [("csrf", PortalTestInstance.csrf), ("base", base.uuidString.lowercased()), ("file", "HttpHello/index.js"), ("content", "//")]
            )
            return (page.status, save.status)
        }
        #expect(page == .notFound)
        #expect(save == .notFound)
    }

    @Test("a new function from a template is deployed with the app's files; a bad or taken name deploys nothing")
    func newFunction() async throws {
        let (instance, base) = try await Self.deployed()
        let owner = try await instance.identity(.owner, tenant: "acme")
        let (form, created, bad, taken) = try await instance.test(as: owner) { client in
            let form = try await client.page("/apps/orders/code/new")
            let created = try await client.form(
                "/apps/orders/code/new",
                [("csrf", PortalTestInstance.csrf), ("name", "Nightly"), ("runtime", "node"), ("trigger", "timer")]
            )
            let bad = try await client.form(
                "/apps/orders/code/new",
                [("csrf", PortalTestInstance.csrf), ("name", "9lives"), ("runtime", "node"), ("trigger", "http")]
            )
            let taken = try await client.form(
                "/apps/orders/code/new",
                [("csrf", PortalTestInstance.csrf), ("name", "httphello"), ("runtime", "node"), ("trigger", "http")]
            )
            return (form, created, bad.status, taken.status)
        }
        #expect(form.body.contains("<option value=\"node\" selected>JavaScript</option>"))
        #expect(created.status == .seeOther)
        #expect(created.headers[.location] == "/apps/orders/code?file=Nightly%2Findex.js")
        #expect(bad == .badRequest)
        #expect(taken == .conflict)
        let app = try #require(try await instance.store.app(named: "orders"))
        #expect(app.activeDeploymentID != base)
        let activeID = try #require(app.activeDeploymentID)
        let deployment = try #require(try await instance.store.deployment(id: activeID))
        #expect(deployment.functionNames.sorted() == ["HttpHello", "Nightly"])
        #expect(deployment.message == "Added function Nightly in the portal")
        #expect(try await instance.store.deployments(appID: app.id).count == 2)
    }

    @Test("every template loads for every runtime and trigger", arguments: FunctionTemplate.Runtime.allCases)
    func templatesLoad(runtime: FunctionTemplate.Runtime) throws {
        for trigger in FunctionTemplate.Trigger.allCases {
            let template = FunctionTemplate(name: "Fresh", runtime: runtime, trigger: trigger)
            var files = template.files
            let host =
                runtime == .custom
                ? #"{"version": "2.0", "customHandler": {"description": {"defaultExecutablePath": "handler"}}}"#
                : #"{"version": "2.0"}"#
            files["host.json"] = Data(host.utf8)
            let app = try FunctionAppLoader.load(files: Array(files.keys), settings: [:]) { path in
                guard let data = files[path] else { throw CocoaError(.fileNoSuchFile) }
                return data
            }
            #expect(app.functions.map(\.name) == ["Fresh"])
        }
    }

    @Test("the runtime offered is the app's: the setting, then a custom handler in host.json, then the scripts")
    func runtimeGuess() {
        #expect(FunctionTemplate.runtime(settings: ["FUNCTIONS_WORKER_RUNTIME": "node"], hostJSON: nil, files: ["a/x.py"]) == .node)
        #expect(FunctionTemplate.runtime(settings: [:], hostJSON: #"{"customHandler": {}}"#, files: ["a/x.py"]) == .custom)
        #expect(FunctionTemplate.runtime(settings: [:], hostJSON: "{}", files: ["a/index.js"]) == .node)
        #expect(FunctionTemplate.runtime(settings: [:], hostJSON: "{}", files: ["a/__init__.py"]) == .python)
    }

    @Test("paths that leave the app are refused before anything is written")
    func unsafePaths() {
        #expect(PackageEditor.isSafePath("Hello/__init__.py"))
        #expect(!PackageEditor.isSafePath("../etc/passwd"))
        #expect(!PackageEditor.isSafePath("/etc/passwd"))
        #expect(!PackageEditor.isSafePath("a//b"))
        #expect(!PackageEditor.isSafePath("a/./b"))
    }
}
