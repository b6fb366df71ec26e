import HearthCore
import Testing

@Suite struct RouteTemplateTests {
    private func route(_ template: String) throws -> RouteTemplate {
        try RouteTemplate(parsing: template)
    }

    private func routeError(_ template: String) -> HearthError? {
        do {
            _ = try RouteTemplate(parsing: template)
            return nil
        } catch {
            return error
        }
    }

    @Test func literalsMatchCaseInsensitively() throws {
        let r = try route("/Products/List/")
        #expect(r.match("products/list") == [:])
        #expect(r.match("/PRODUCTS/LIST/") == [:])
        #expect(r.match("products") == nil)
        #expect(r.match("products/list/extra") == nil)
        #expect(r.parameterNames.isEmpty)
    }

    @Test func parametersAndPercentDecoding() throws {
        let r = try route("users/{userId}/files/{name}")
        #expect(r.parameterNames == ["userId", "name"])
        #expect(r.match("users/42/files/my%20file%2Ftxt") == ["userId": "42", "name": "my file/txt"])
        #expect(r.match("users/%C3%A9/files/x") == ["userId": "é", "name": "x"])
        #expect(r.match("users/bad%zz/files/x") == ["userId": "bad%zz", "name": "x"])
        #expect(r.match("users//files/x") == nil)
        #expect(r.match("users/1/files") == nil)
    }

    @Test func emptyTemplateMatchesOnlyRoot() throws {
        let r = try route("")
        #expect(r.match("") == [:])
        #expect(r.match("/") == [:])
        #expect(r.match("x") == nil)
    }

    @Test func optionalAndDefault() throws {
        let optional = try route("items/{id:int?}")
        #expect(optional.match("items") == [:])
        #expect(optional.match("items/5") == ["id": "5"])
        #expect(optional.match("items/x") == nil)
        let defaulted = try route("page/{n=1}")
        #expect(defaulted.match("page") == ["n": "1"])
        #expect(defaulted.match("page/3") == ["n": "3"])
        let twoOptional = try route("a/{x?}/{y?}")
        #expect(twoOptional.match("a") == [:])
        #expect(twoOptional.match("a/1/2") == ["x": "1", "y": "2"])
    }

    @Test func catchAll() throws {
        for template in ["files/{*path}", "files/{**path}"] {
            let r = try route(template)
            #expect(r.match("files/a/b%20c/d.txt") == ["path": "a/b c/d.txt"])
            #expect(r.match("files") == [:])
            #expect(r.match("other/a") == nil)
        }
        #expect(try route("{*all=index}").match("") == ["all": "index"])
    }

    @Test(arguments: [
        ("int", "123", true), ("int", "-5", true), ("int", "2147483648", false), ("int", "1.5", false), ("int", "abc", false),
        ("long", "2147483648", true), ("long", "x", false),
        ("bool", "TRUE", true), ("bool", "false", true), ("bool", "yes", false),
        ("datetime", "2026-03-29", true), ("datetime", "2026-03-29T02:30:00Z", true), ("datetime", "2026-03-29T02:30", true),
        ("datetime", "2026-13-01", false), ("datetime", "yesterday", false),
        ("decimal", "-12.50", true), ("decimal", "1e3", false), ("decimal", ".", false),
        ("double", "1.5e3", true), ("double", "abc", false), ("float", "2.5", true), ("float", "x1", false),
        ("guid", "0f8fad5b-d9cb-469f-a165-70867728950e", true), ("guid", "{0F8FAD5B-D9CB-469F-A165-70867728950E}", true),
        ("guid", "0f8fad5bd9cb469fa16570867728950e", true), ("guid", "0f8fad5b-d9cb-469f-a165", false),
        ("guid", "zf8fad5bd9cb469fa16570867728950e", false),
        ("alpha", "abcXYZ", true), ("alpha", "abc1", false), ("alpha", "é", false),
        ("minlength(3)", "abc", true), ("minlength(3)", "ab", false), ("maxlength(3)", "abc", true), ("maxlength(3)", "abcd", false),
        ("length(2)", "ab", true), ("length(2)", "abc", false), ("length(2,4)", "abcd", true), ("length(2,4)", "a", false),
        ("min(10)", "10", true), ("min(10)", "9", false), ("max(10)", "10", true), ("max(10)", "11", false), ("max(10)", "x", false),
        ("range(1,5)", "5", true), ("range(1,5)", "6", false), ("range(1,5)", "0", false),
        ("regex(^\\d{{3}}-[a-z]+$)", "123-abc", true), ("regex(^\\d{{3}}-[a-z]+$)", "12-abc", false), ("regex(^(a|b)$)", "B", true),
        ("int:min(1)", "1", true), ("int:min(1)", "0", false), ("alpha:length(2)", "ab", true), ("alpha:length(2)", "a1", false),
    ])
    func constraints(_ constraint: String, value: String, accepted: Bool) throws {
        let r = try route("x/{v:\(constraint)}")
        #expect((r.match("x/\(value)") != nil) == accepted, "\(constraint) on \(value)")
    }

    @Test(arguments: [
        "a/{x?}/b", "{*rest}/more", "a/{id:unknown}", "a/{id:min(x)}", "a/{id:length(5,1)}", "a/{}", "a//b", "a/{x}/{X}",
        "files/{name}.{ext}", "a/{id:int(3)}", "a/{x:regex(()}", "a/{*r?}", "a?x=1",
    ])
    func refusesInvalidTemplates(_ template: String) {
        let error = routeError(template)
        #expect(error?.code == .invalidRoute, "accepted \(template)")
        #expect(error?.fix?.isEmpty == false)
    }

    @Test func errorNamesTheProblem() {
        let error = routeError("a/{x?}/b")
        #expect(error?.message == "route 'a/{x?}/b' is not a valid route template: optional parameter 'x' is followed by a required segment")
    }
}

@Suite struct RouteTableTests {
    private func entry(_ name: String, _ template: String, _ methods: Set<String>? = nil) throws -> RouteTable.Entry {
        RouteTable.Entry(functionName: name, route: try RouteTemplate(parsing: template), methods: methods)
    }

    @Test func literalBeatsParameter() throws {
        let table = RouteTable([try entry("ById", "items/{id}"), try entry("Special", "items/special")])
        #expect(table.resolve(method: "GET", path: "items/special") == .matched(functionName: "Special", parameters: [:]))
        #expect(table.resolve(method: "GET", path: "items/7") == .matched(functionName: "ById", parameters: ["id": "7"]))
    }

    @Test func constrainedBeatsUnconstrainedBeatsCatchAll() throws {
        let table = RouteTable([
            try entry("All", "items/{*rest}"),
            try entry("Any", "items/{name}"),
            try entry("Numeric", "items/{id:int}"),
        ])
        #expect(table.resolve(method: "GET", path: "items/5") == .matched(functionName: "Numeric", parameters: ["id": "5"]))
        #expect(table.resolve(method: "GET", path: "items/abc") == .matched(functionName: "Any", parameters: ["name": "abc"]))
        #expect(table.resolve(method: "GET", path: "items/a/b") == .matched(functionName: "All", parameters: ["rest": "a/b"]))
    }

    @Test func earlierLiteralWins() throws {
        let table = RouteTable([try entry("ParamFirst", "{a}/x"), try entry("LiteralFirst", "p/{b}")])
        #expect(table.resolve(method: "GET", path: "p/x") == .matched(functionName: "LiteralFirst", parameters: ["b": "x"]))
    }

    @Test func tiesBrokenByFunctionName() throws {
        let table = RouteTable([try entry("Zeta", "{a}"), try entry("alpha", "{b}")])
        #expect(table.resolve(method: "GET", path: "q") == .matched(functionName: "alpha", parameters: ["b": "q"]))
    }

    @Test func methodsAndMethodNotAllowed() throws {
        let table = RouteTable([
            try entry("Read", "orders/{id}", ["get"]),
            try entry("Write", "orders/{id}", ["POST", "PUT"]),
        ])
        #expect(table.resolve(method: "get", path: "orders/1") == .matched(functionName: "Read", parameters: ["id": "1"]))
        #expect(table.resolve(method: "PUT", path: "orders/1") == .matched(functionName: "Write", parameters: ["id": "1"]))
        #expect(table.resolve(method: "DELETE", path: "orders/1") == .methodNotAllowed(allowed: ["GET", "POST", "PUT"]))
        #expect(table.resolve(method: "GET", path: "customers/1") == .notFound)
    }

    @Test func nilMethodsAcceptsAll() throws {
        let table = RouteTable([try entry("Any", "hook")])
        #expect(table.resolve(method: "PATCH", path: "/hook/") == .matched(functionName: "Any", parameters: [:]))
    }
}
