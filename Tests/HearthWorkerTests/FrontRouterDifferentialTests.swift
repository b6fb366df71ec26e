import Foundation
import HTTPTypes
import HearthStore
import NIOCore
import Testing

@testable import HearthCore
@testable import HearthWorker

/// ``FrontRouter/decide(_:remoteAddress:)`` compares bytes where it can since issue #16; a table of
/// hostile requests must be decided exactly as the rule before it decided them. The oracle below is
/// that rule (host, path form, route prefix, route table, URL, forward target) as it was.
@Suite struct FrontRouterDifferentialTests {
    static let httpFunction = #"""
        {"bindings": [{"type": "httpTrigger", "direction": "in", "name": "req", "authLevel": "anonymous", ROUTE},
                      {"type": "http", "direction": "out", "name": "res"}]}
        """#

    static func function(_ route: String?, methods: [String]? = nil) -> String {
        var fields: [String] = []
        if let route { fields.append(#""route": "\#(route)""#) }
        if let methods { fields.append(#""methods": [\#(methods.map { "\"\($0)\"" }.joined(separator: ", "))]"#) }
        return httpFunction.replacingOccurrences(of: "ROUTE", with: fields.isEmpty ? #""dataType": "string""# : fields.joined(separator: ", "))
    }

    static func host(prefix: String?) -> String {
        let http = prefix.map { #", "extensions": {"http": {"routePrefix": "\#($0)"}}"# } ?? ""
        return #"{"version": "2.0", "customHandler": {"description": {"defaultExecutablePath": "python3"}}\#(http)}"#
    }

    /// alpha: prefix `api`, literal vs constrained vs catch-all, routes differing only in case.
    static let alpha: [String: String] = [
        "host.json": host(prefix: nil),
        "Hello/function.json": function("hello", methods: ["get", "post"]),
        "Special/function.json": function("items/special"),
        "GetItem/function.json": function("items/{id:int}", methods: ["get"]),
        "Files/function.json": function("files/{*rest}"),
        "CaseUpper/function.json": function("Case/Route", methods: ["get"]),
        "caseLower/function.json": function("case/route", methods: ["post"]),
        "Opt/function.json": function("opt/{a?}/{b?}"),
        "Cafe/function.json": function("caf\u{E9}/{id}"),
        "NoRoute/function.json": function(nil),
    ]
    /// beta: no prefix, a custom host name, a catch-all beside a literal.
    static let beta: [String: String] = [
        "host.json": host(prefix: ""),
        "All/function.json": function("{*all}", methods: ["get"]),
        "Hello/function.json": function("hello"),
    ]
    /// gamma: a prefix written with capitals and slashes.
    static let gamma: [String: String] = [
        "host.json": host(prefix: "/V1/Api/"),
        "Hello/function.json": function("hello"),
    ]

    /// delta: the prefix "/" (no prefix).
    static let delta: [String: String] = [
        "host.json": host(prefix: "/"),
        "Hello/function.json": function("hello"),
    ]
    /// epsilon: a prefix that is not ASCII (ASCII paths against it take the Character rule).
    static let epsilon: [String: String] = [
        "host.json": host(prefix: "caf\u{E9}"),
        "Hello/function.json": function("hello"),
    ]

    static let hosts: [String?] = [
        nil, "", "127.0.0.1:7071", "alpha.localhost", "ALPHA.LOCALHOST:80", "alpha.localhost.", "x.alpha.localhost", "[::1]:7071",
        "[::1]", "custom.example.com", "Custom.Example.COM:8080", "beta.localhost", "gamma.localhost", "\u{E9}t\u{E9}.localhost",
        "[\u{301}::1]:80", "alpha.localhost:x:y", "delta.localhost", "EPSILON.localhost",
    ]

    static let paths: [String] = [
        "/_app/alpha/api/hello?n=1", "/_APP/alpha/api/hello", "/_app/ALPHA/api/hello", "/_app/alpha", "/_app/alpha/", "/_app/alpha?x=1",
        "/_app//api/hello", "/_app/nope/api/hello", "//api//hello", "/api/hello", "/API/Hello/", "/api/hello?code=abc&a=%20&a=2",
        "/api/items/special", "/api/items/SPECIAL", "/api/items/42", "/api/items/4%32", "/api/items/%2e%2e", "/api/items/..",
        "/api/files/a%2Fb/../c", "/api/files/", "/api/files", "/api/files/%C3%A9/x", "/api/caf\u{E9}/1", "/api/cafe\u{301}/1",
        "/api/hello\u{301}", "/api/\u{301}hello", "/_app/\u{301}alpha/api/hello", "/_app/alpha\u{301}/api/hello", "/api", "/api/",
        "/apix/hello", "/api\u{301}/hello", "/api/case/route", "/api/CASE/ROUTE", "/api/opt", "/api/opt/1/2", "/api/opt/1/2/3",
        "/api/noroute", "/admin/functions/Tick", "/_app/alpha/admin/functions/Hello", "/hello", "/_app/beta/hello", "/_app/beta",
        "/_app/beta/anything/at/all?x", "/_app/gamma/v1/api/hello", "/_app/gamma/V1/API/HELLO", "/_app/gamma/v1/apihello",
        "/_app/gamma/api/hello", "/" + String(repeating: "a", count: 8_192), "/_app/alpha/api/files/" + String(repeating: "b/", count: 4_096),
        "", "?", "/?code=", "/_app/alpha/api/hello#frag", "/_app/delta/hello", "/_app/delta//hello", "/_app/epsilon/caf\u{E9}/hello",
        "/_app/epsilon/CAF\u{C9}/hello", "/_app/epsilon/cafe\u{301}/hello", "/_app/epsilon/cafe/hello", "/caf\u{E9}/hello", "/cafe/hello",
    ]

    @Test func hostileRequestsAreDecidedAsBefore() async throws {
        let fixture = try CatalogFixture("router-differential")
        defer { fixture.remove() }
        for (name, files, hostNames) in [
            ("alpha", Self.alpha, []), ("beta", Self.beta, ["custom.example.com"]), ("gamma", Self.gamma, []), ("delta", Self.delta, []),
            ("epsilon", Self.epsilon, []),
        ] {
            let folder = fixture.root.appendingPathComponent(name)
            try QueueFixtures.write(files, to: folder)
            let tenant = Tenant(name: "t-\(name)")
            try await QueueFixtures.deploy(
                folder,
                as: AppRecord(tenantID: tenant.id, name: name, hostNames: hostNames),
                of: tenant,
                settings: [],
                in: fixture.store
            )
        }
        await fixture.catalog.refresh(force: true)
        for name in ["alpha", "beta", "gamma", "delta", "epsilon"] { try #require(fixture.catalog.app(named: name) != nil) }
        let configuration = WorkerConfiguration(dataDirectory: fixture.root.appendingPathComponent("worker"))
        let router = FrontRouter(catalog: fixture.catalog, configuration: configuration, proxies: try TrustedProxies([]))

        var calls = 0
        for host in Self.hosts {
            for path in Self.paths {
                for method in [HTTPRequest.Method.get, .post, .delete] {
                    let head = HTTPRequest(method: method, scheme: nil, authority: host, path: path)
                    let decided = Self.describe(router.decide(head, remoteAddress: nil))
                    #expect(decided == Self.oracle(head, router: router), "\(method) \(host ?? "-") \(path.prefix(80))")
                    if decided.hasPrefix("call ") { calls += 1 }
                }
            }
        }
        // The table reaches functions, not only refusals.
        #expect(calls > 50)
        // Two Host headers: 400 in both.
        var fields = HTTPFields()
        fields[FrontRouter.host] = "beta.localhost"
        let twoHosts = HTTPRequest(method: .get, scheme: nil, authority: "alpha.localhost", path: "/api/hello", headerFields: fields)
        #expect(Self.describe(router.decide(twoHosts, remoteAddress: nil)) == Self.oracle(twoHosts, router: router))
        #expect(Self.describe(router.decide(twoHosts, remoteAddress: nil)).hasPrefix("answer 400"))
    }

    /// Pinned decisions, so that the router and the oracle cannot both drift.
    @Test func pinnedDecisions() async throws {
        let fixture = try CatalogFixture("router-pinned")
        defer { fixture.remove() }
        let folder = fixture.root.appendingPathComponent("alpha")
        try QueueFixtures.write(Self.alpha, to: folder)
        let tenant = Tenant(name: "t")
        try await QueueFixtures.deploy(folder, as: AppRecord(tenantID: tenant.id, name: "alpha"), of: tenant, settings: [], in: fixture.store)
        await fixture.catalog.refresh(force: true)
        let router = FrontRouter(
            catalog: fixture.catalog,
            configuration: WorkerConfiguration(dataDirectory: fixture.root.appendingPathComponent("worker")),
            proxies: try TrustedProxies([])
        )
        func decide(_ method: HTTPRequest.Method, _ host: String, _ path: String) -> String {
            Self.describe(router.decide(HTTPRequest(method: method, scheme: nil, authority: host, path: path), remoteAddress: nil))
        }
        #expect(
            decide(.get, "127.0.0.1:7071", "/_app/alpha/api/hello?n=1")
                == "call alpha Hello [] url=http://127.0.0.1:7071/_app/alpha/api/hello?n=1 query=[n=1] forward=/api/hello?n=1"
        )
        #expect(
            decide(.get, "ALPHA.localhost:80", "/API/items/4%32")
                == "call alpha GetItem [id=42] url=http://ALPHA.localhost:80/API/items/4%32 query=[] forward=/API/items/4%32"
        )
        #expect(decide(.get, "alpha.localhost", "/api/CASE/ROUTE").hasPrefix("call alpha CaseUpper"))
        #expect(decide(.post, "alpha.localhost", "/api/case/route").hasPrefix("call alpha caseLower"))
        #expect(decide(.get, "alpha.localhost", "/api/files//a%2Fb").hasPrefix("call alpha Files [rest=/a/b]"))
        #expect(decide(.get, "alpha.localhost", "/api/items/special").hasPrefix("call alpha Special"))
        #expect(decide(.get, "127.0.0.1", "/_app/alpha?x=1").hasPrefix("answer 404 Not found: function routes of 'alpha' start with /api/"))
        #expect(decide(.get, "127.0.0.1", "/_app/\u{301}alpha/api/hello") == "unknown 127.0.0.1 /_app/\u{301}alpha/api/hello")
        #expect(decide(.delete, "alpha.localhost", "/api/hello").hasPrefix("answer 405"))
    }

    static func describe(_ decision: FrontRouter.Decision) -> String {
        switch decision {
        case .call(let call):
            let parameters = call.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            let query = call.request.query.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
            return
                "call \(call.app.record.name) \(call.function.name) [\(parameters)] url=\(call.request.url) query=[\(query)] forward=\(call.forwardTarget)"
        case .answer(let message):
            let headers = message.headers.map { "\($0.name): \($0.value)" }.joined(separator: "; ")
            return "answer \(message.status) \(String(buffer: message.body)) [\(headers)]"
        case .unknownApp(let host, let path): return "unknown \(host) \(path)"
        case .admin(let admin): return "admin \(admin.app.record.name) \(admin.function.name)"
        case .forward(let forward): return "forward \(forward.app.record.name)"
        }
    }

    /// The decision as the router before issue #16 made it, for a lone worker, no trusted proxy and
    /// no forwarded header (as every request of the table above), described as ``describe(_:)``.
    static func oracle(_ head: HTTPRequest, router: FrontRouter) -> String {
        let catalog = router.catalog
        let configuration = router.configuration
        if let problem = RequestHeadRules.problem(hostHeaders: FrontRouter.hostHeaderCount(head), path: head.path ?? "/") {
            return describe(.answer(FrontRouter.plain(400, problem)))
        }
        let hostHeader = head.authority ?? ""
        let host = stripPort(hostHeader).lowercased()
        let scheme = head.scheme ?? "http"
        let target = head.path ?? "/"
        let queryStart = target.utf8.firstIndex(of: UInt8(ascii: "?"))
        let rawPath = queryStart.map { target[..<$0] } ?? target[...]
        let rawQuery = queryStart.map { String(target[target.utf8.index(after: $0)...]) }

        func app(atHost host: String) -> LoadedApp? {
            let suffix = "." + configuration.baseDomain.lowercased()
            if host.hasSuffix(suffix) {
                let label = String(host.dropLast(suffix.count))
                if !label.contains("."), let app = catalog.app(named: label) { return app }
            }
            return catalog.app(hostName: host)
        }
        func lookup(host: String, path: Substring) -> (LoadedApp, String)? {
            let hostApp = app(atHost: host)
            let form = "/" + configuration.pathFormPrefix + "/"
            if path.hasPrefix(form) {
                let rest = path.dropFirst(form.count)
                let name = rest.prefix { $0 != "/" }
                guard let app = catalog.app(named: String(name)) else { return nil }
                if let hostApp, hostApp.record.name != app.record.name { return nil }
                let remainder = String(rest.dropFirst(name.count))
                return (app, remainder.isEmpty ? "/" : remainder)
            }
            return hostApp.map { ($0, String(path)) }
        }

        guard let (app, appPath) = lookup(host: host, path: rawPath) else { return "unknown \(host) \(rawPath)" }
        if FrontRouter.adminFunctionName(appPath) != nil {
            // No key is presented: decideAdmin refuses before looking at anything else.
            return describe(
                .answer(FrontRouter.plain(401, "Unauthorized: running a function through the admin API needs the master key in x-functions-key."))
            )
        }
        var prefix = Substring(app.model.host.routePrefix)
        while prefix.hasPrefix("/") { prefix = prefix.dropFirst() }
        while prefix.hasSuffix("/") { prefix = prefix.dropLast() }
        var routePath = appPath
        if !prefix.isEmpty {
            let head = "/" + prefix.lowercased()
            let lowered = routePath.lowercased()
            guard lowered == head || lowered.hasPrefix(head + "/") else {
                return describe(.answer(FrontRouter.plain(404, "Not found: function routes of '\(app.record.name)' start with /\(prefix)/")))
            }
            routePath = String(routePath.dropFirst(head.count))
        }
        let method = head.method.rawValue
        // RouteTable.resolve as it was: entries in order, each matched by Characters.
        var resolved: (String, [String: String])?
        var allowed: Set<String> = []
        for entry in app.routes.entries {
            guard let parameters = entry.route.matchByCharacter(routePath) else { continue }
            if let methods = entry.methods, !methods.contains(method.uppercased()) {
                allowed.formUnion(methods)
                continue
            }
            resolved = (entry.functionName, parameters)
            break
        }
        guard let (functionName, parameters) = resolved else {
            if !allowed.isEmpty {
                var answer = FrontRouter.plain(405, "Method \(method) is not allowed here; use \(allowed.sorted().joined(separator: ", ")).")
                answer.headers.append(("Allow", allowed.sorted().joined(separator: ", ")))
                return describe(.answer(answer))
            }
            return describe(.answer(FrontRouter.plain(404, "Not found: no function of '\(app.record.name)' matches \(method) \(appPath)")))
        }
        guard let function = app.function(named: functionName), case .http = function.trigger, !function.disabled else {
            return describe(.answer(FrontRouter.plain(404, "Not found")))
        }
        let query = FrontRouter.parseQuery(rawQuery).map { "\($0.0)=\($0.1)" }.joined(separator: ",")
        let parameterText = parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        let forward = appPath + (rawQuery.map { "?" + $0 } ?? "")
        return
            "call \(app.record.name) \(function.name) [\(parameterText)] url=\(scheme)://\(hostHeader)\(target) query=[\(query)] forward=\(forward)"
    }

    /// `stripPort` as it was.
    static func stripPort(_ host: String) -> String {
        if host.hasPrefix("[") { return String(host.prefix { $0 != "]" }.dropFirst()) }
        guard let colon = host.utf8.firstIndex(of: UInt8(ascii: ":")) else { return host }
        return String(host[..<colon])
    }
}
