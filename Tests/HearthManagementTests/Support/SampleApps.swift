/// Function app folders (path → contents) used across the tests.
enum SampleApps {
    static let host = #"{"version": "2.0"}"#

    static func http(_ name: String, route: String? = nil, authLevel: String = "function", methods: [String]? = nil) -> String {
        var trigger = #"{"type": "httpTrigger", "direction": "in", "name": "req", "authLevel": "\#(authLevel)""#
        if let route { trigger += #", "route": "\#(route)""# }
        if let methods { trigger += #", "methods": [\#(methods.map { "\"\($0)\"" }.joined(separator: ", "))]"# }
        trigger += "}"
        return #"{"bindings": [\#(trigger), {"type": "http", "direction": "out", "name": "res"}]}"#
    }

    static func timer(_ schedule: String) -> String {
        #"{"bindings": [{"type": "timerTrigger", "direction": "in", "name": "timer", "schedule": "\#(schedule)"}]}"#
    }

    /// A valid app with one HTTP function.
    static let hello: [String: String] = [
        "host.json": host,
        "HttpHello/function.json": http("HttpHello"),
        "HttpHello/index.js": "module.exports = async function (context, req) { context.res = { body: 'hi' } }",
    ]

    /// A valid app with an HTTP and a timer function.
    static let two: [String: String] = [
        "host.json": host,
        "HttpHello/function.json": http("HttpHello", route: "hello/{name}", methods: ["get"]),
        "HttpHello/index.js": "//",
        "Tick/function.json": timer("0 */5 * * * *"),
        "Tick/index.js": "//",
    ]
}
