import Foundation
import HearthCore
import Testing

@testable import HearthWorker

/// `context.res` of an HTTP function in Hearth's Node worker: the v2/v3 helpers (`status`, `set`,
/// `header`, `setHeader`, `get`, `getHeader`, `removeHeader`, `type`, `send`, `end`, `json`,
/// `sendStatus`) work and chain, are not enumerable (only what the function set is), and each
/// invocation gets its own response. The helpers live on a prototype shared by all invocations.
@Suite(.serialized, .enabled(if: NodeWorkerScriptTests.node != nil, "Node.js is not installed"))
struct NodeHTTPResponseTests {
    static let bindings = """
        {"bindings": [
          {"name": "req", "type": "httpTrigger", "direction": "in", "methods": ["get"]},
          {"name": "res", "type": "http", "direction": "out"}]}
        """

    static let files: [String: String] = [
        "Helpers/function.json": bindings,
        "Helpers/index.js": """
        module.exports = function (context, req) {
          const res = context.res;
          res.status(201).header('X-A', '1').set('X-B', '2').setHeader('X-C', '3');
          res.removeHeader('x-c');
          const enumerated = [];
          for (const key in res) enumerated.push(key);
          res.type('text/plain').end(`${req.query.n} ${res.get('x-a')}${res.getHeader('X-B')} keys=${Object.keys(res)} in=${enumerated}`);
        };
        """,
        "Json/function.json": bindings,
        "Json/index.js": "module.exports = function (context) { context.res.json({ a: 1 }); };",
        "Gone/function.json": bindings,
        "Gone/index.js": "module.exports = function (context) { context.res.sendStatus(410); };",
        "Teapot/function.json": bindings,
        "Teapot/index.js": """
        module.exports = async function (context) {
          context.res.status = 418;
          context.res.body = JSON.stringify(context.res);
        };
        """,
    ]

    static func payload(_ function: String, query: [(String, String)] = []) -> JSONValue {
        let query = JSONValue.object(query.map { ($0.0, .string($0.1)) })
        return .object([
            (
                "Data",
                .object([
                    (
                        "req",
                        .object([
                            ("Url", .string("http://localhost/api/\(function)")), ("Method", .string("GET")), ("Query", query),
                            ("Headers", .object([])), ("Params", .object([])),
                        ])
                    )
                ])
            ),
            ("Metadata", .object([("Query", query), ("sys", .object([("MethodName", .string(function))]))])),
        ])
    }

    @Test(.timeLimit(.minutes(1)))
    func theHelpersSetTheResponseAndAreNotEnumerable() async throws {
        let harness = NodeQueueBindingTests()
        try await harness.withHost(files: Self.files) { host, endpoint in
            // Twice: the second invocation's response starts empty (no header or status of the first).
            for n in ["first", "second"] {
                let reply = try await harness.send(host, endpoint, "Helpers", Self.payload("Helpers", query: [("n", n)]))
                let res = try #require(reply["Outputs"]?["res"], "\(reply)")
                #expect(res["statusCode"] == .number("201"))
                #expect(res["headers"]?.objectValue?.map(\.key).sorted() == ["content-type", "x-a", "x-b"], "\(res)")
                #expect(res["headers"]?["content-type"] == .string("text/plain"))
                #expect(res["body"] == .string("\(n) 12 keys=headers,statusCode in=headers,statusCode"))
                #expect(reply["ReturnValue"] == .null)
            }

            let json = try await harness.send(host, endpoint, "Json", Self.payload("Json"))
            #expect(json["Outputs"]?["res"]?["statusCode"] == .number("200"))
            #expect(json["Outputs"]?["res"]?["headers"]?["content-type"] == .string("application/json"))
            #expect(json["Outputs"]?["res"]?["body"] == .object([("a", .number("1"))]))

            let gone = try await harness.send(host, endpoint, "Gone", Self.payload("Gone"))
            #expect(gone["Outputs"]?["res"]?["statusCode"] == .number("410"))
            #expect(gone["Outputs"]?["res"]?["body"] == nil)

            // A status set as a value replaces the helper; serialised, the response is only what was set.
            let teapot = try await harness.send(host, endpoint, "Teapot", Self.payload("Teapot"))
            #expect(teapot["Outputs"]?["res"]?["statusCode"] == .number("418"))
            #expect(teapot["Outputs"]?["res"]?["body"] == .string(#"{"headers":{},"status":418}"#))
        }
    }
}
