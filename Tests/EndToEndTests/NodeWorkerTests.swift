import Foundation
import NIOHTTP1
import Testing

/// `FUNCTIONS_WORKER_RUNTIME=node` apps in the classic model run under Hearth's own Node worker
/// (in the sandbox): HTTP in every style of v1–v3 apps, failures, timers.
@Suite(.serialized, .enabled(if: HostCapabilities.node, "node is not installed (/usr/bin/node or /usr/local/bin/node)"))
struct NodeWorkerTests {
    @Test func classicJavaScriptApp() async throws {
        let server = try await HearthServer()
        defer { server.stop() }
        try await server.createApp("js", settings: ["FUNCTIONS_WORKER_RUNTIME": "node"])
        let deployed = try await server.deploy("js", zip: AppZip.zip(AppZip.files(ofFixture: "node-classic")))
        #expect(deployed.status == 201, "\(deployed.text)")
        #expect(try await server.eventually(timeout: .seconds(15)) { try await server.call("js", "/api/Empty").status == 204 })

        // Async style: route parameters, multi-valued query, lower-case headers, parsed JSON body.
        let items = try await server.call(
            "js",
            "/api/items/42/blue?a=1&a=2&b=x%20y",
            method: .POST,
            headers: [("Content-Type", "application/json"), ("X-Custom", "custom value")],
            body: Data(#"{"k":"v","n":[1,2]}"#.utf8)
        )
        #expect(items.status == 201, "\(items.text)")
        #expect(items.header("X-Node") == "yes")
        let echo = try items.json()
        #expect(echo["method"] as? String == "POST")
        #expect((echo["url"] as? String)?.contains("/api/items/42/blue") == true)
        #expect(echo["params"] as? [String: String] == ["id": "42", "label": "blue"])
        #expect(echo["query"] as? [String: String] == ["a": "1,2", "b": "x y"])
        #expect(echo["custom"] as? String == "custom value")
        #expect(echo["viaGet"] as? String == "custom value")
        #expect(echo["bodyType"] as? String == "object")
        #expect((echo["body"] as? [String: Any])?["k"] as? String == "v")
        #expect(echo["rawBody"] as? String == #"{"k":"v","n":[1,2]}"#)
        #expect(echo["bindingReqIsReq"] as? Bool == true)
        #expect(echo["bindingDataId"] as? String == "42")
        #expect(echo["functionName"] as? String == "Items")
        #expect(echo["invocationId"] as? Bool == true)
        if HostCapabilities.sandbox { #expect(echo["cwd"] as? String == "/home/site/wwwroot") }
        #expect(echo["hearthEnv"] as? [String] == [])

        // Text and binary bodies.
        let text = try await server.call("js", "/api/Text", method: .POST, headers: [("Content-Type", "text/plain")], body: Data("hello".utf8))
        #expect(text.text == "string:HELLO")
        #expect(text.header("Content-Type")?.hasPrefix("text/plain") == true)
        let binary = try await server.call(
            "js",
            "/api/Binary",
            method: .POST,
            headers: [("Content-Type", "application/octet-stream")],
            body: Data([0, 1, 2, 0xFF, 0x80])
        )
        let bytes = try binary.json()
        #expect(bytes["isBuffer"] as? Bool == true)
        #expect(bytes["hex"] as? String == "000102ff80")
        // Binary response bodies arrive as bytes; text that looks like base64 stays text.
        let reversed = try await server.call(
            "js",
            "/api/Bytes",
            method: .POST,
            headers: [("Content-Type", "application/octet-stream")],
            body: Data([0, 1, 2, 0xFF, 0x80])
        )
        #expect(reversed.body == Data([0x80, 0xFF, 2, 1, 0]))
        #expect(reversed.header("x-hearth-body-encoding") == nil)
        #expect(try await server.call("js", "/api/Bytes?as=text").text == "aGVsbG8=")

        // context.done style, $return, res helpers, scriptFile + entryPoint, nothing set → 204.
        #expect(try await server.call("js", "/api/DoneStyle?name=Zed").text == "done Zed")
        let returned = try await server.call("js", "/api/Return?name=Zed")
        #expect(returned.status == 202)
        #expect(returned.text == "returned Zed")
        let legacy = try await server.call("js", "/api/Legacy")
        #expect(legacy.status == 200 && legacy.text == "legacy ok")
        #expect(legacy.header("X-Legacy") == "1")
        #expect(try await server.call("js", "/api/Named?who=me").text == "named entry point, me")
        #expect(try await server.call("js", "/api/Empty").status == 204)

        // A promise and context.done() together: served, with a warning in the invocation log.
        #expect(try await server.call("js", "/api/Mixed").text == "mixed")

        // A thrown error: 500 to the caller (without details), the message in the invocation log.
        let thrown = try await server.call("js", "/api/Throws")
        #expect(thrown.status == 500)
        #expect(!thrown.text.contains("kaboom"))

        let logged = try await server.eventually {
            let all = try await server.invocations("js")
            let failed = all.contains {
                $0["function"] as? String == "Throws" && $0["status"] as? String == "failed"
                    && ($0["error"] as? String)?.contains("kaboom from node") == true
                    && ($0["logs"] as? [String]) == ["about to fail"]
            }
            let logs = all.contains { $0["function"] as? String == "Items" && ($0["logs"] as? [String])?.contains("items 42") == true }
            let warned = all.contains {
                $0["function"] as? String == "Mixed"
                    && ($0["logs"] as? [String])?.contains { $0.contains("Choose either to return a promise or call done") } == true
            }
            return failed && logs && warned
        }
        let entries = try await server.invocations("js")
        #expect(logged, "\(entries)")

        // The timer fires every 2 s with the classic (camelCase) timer object.
        let ticked = try await server.eventually(timeout: .seconds(15)) {
            try await server.invocations("js", function: "Tick").contains {
                $0["status"] as? String == "succeeded"
                    && ($0["logs"] as? [String])?.first?.hasPrefix(
                        #"tick isPastDue=false schedule={"adjustForDST":true} legacy=false keys=isPastDue,schedule,scheduleStatus"#
                    ) == true
            }
        }
        let ticks = try await server.invocations("js", function: "Tick")
        #expect(ticked, "\(ticks)")
    }
}
