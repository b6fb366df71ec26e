import Foundation
import HearthCore
import HearthUpgrade
import Testing

/// Planner behaviour on small in-memory apps, beyond the fixture corpus.
@Suite struct UpgradePlannerTests {
    private func files(_ pairs: [String: String]) -> [String: Data] { pairs.mapValues { Data($0.utf8) } }

    private func text(_ plan: UpgradePlan, _ path: String) -> String? {
        plan.writes[path].map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func factSheetHostJSONExample() throws {
        let plan = try UpgradePlanner().plan(
            files: files([
                "host.json":
                    #"{"http":{"routePrefix":""},"queues":{"maxPollingInterval":2000},"logger":{"categoryFilter":{"defaultLevel":"Warning"}},"id":"abc"}"#,
                "Fn/function.json": #"{"bindings":[{"type":"httpTrigger","direction":"in","name":"req"}]}"#,
                "Fn/index.js": "module.exports = async function (context, req) { context.res = { body: 1 }; };",
            ])
        )
        let host = try JSONValue.parse(plan.writes["host.json"]!, file: "host.json")
        let expected: JSONValue = [
            "version": "2.0",
            "extensionBundle": ["id": "Microsoft.Azure.Functions.ExtensionBundle", "version": "[4.*, 5.0.0)"],
            "extensions": ["http": ["routePrefix": ""], "queues": ["maxPollingInterval": "00:00:02"]],
            "logging": ["logLevel": ["default": "Warning"]],
        ]
        #expect(host == expected)
        let settings = try JSONValue.parse(plan.writes["local.settings.json"]!, file: "local.settings.json")
        #expect(settings["Values"]?["AzureFunctionsWebHost__hostid"] == "abc")
        #expect(settings["Values"]?["FUNCTIONS_WORKER_RUNTIME"] == "node")
        #expect(plan.createdFiles == ["local.settings.json"])
    }

    @Test func changesCarryOriginalLineNumbers() throws {
        let plan = try UpgradePlanner().plan(
            files: files([
                "host.json": "{\n  \"queues\": {\n    \"batchSize\": 8,\n    \"maxPollingInterval\": 500\n  }\n}\n",
                "Fn/function.json":
                    "{\n  \"bindings\": [\n    {\n      \"type\": \"queueTrigger\",\n      \"name\": \"m\",\n      \"queueName\": \"q\"\n    }\n  ]\n}\n",
                "Fn/index.js": "module.exports = function (context, m) { context.done(); };\n",
            ])
        )
        let polling = try #require(plan.changes.first { $0.rule == "host.queues.max-polling-interval" })
        #expect(polling.file == "host.json")
        #expect(polling.line == 4)
        #expect(polling.before == "queues.maxPollingInterval: 500")
        #expect(polling.after == #"extensions.queues.maxPollingInterval: "00:00:00.500""#)
    }

    @Test func keepsFourSpaceIndentation() throws {
        let plan = try UpgradePlanner().plan(
            files: files([
                "host.json": "{\n    \"http\": {\n        \"routePrefix\": \"x\"\n    }\n}\n",
                "Fn/function.json": #"{"bindings":[{"type":"httpTrigger","direction":"in","name":"req"}]}"#,
                "Fn/index.js": "module.exports = async function (context, req) { context.res = {}; };",
            ])
        )
        let host = try #require(text(plan, "host.json"))
        #expect(host.contains("\n    \"version\": \"2.0\""))
        #expect(host.contains("\n            \"routePrefix\": \"x\""))
    }

    @Test func unsupportedTargetIsRejected() {
        #expect { try UpgradePlanner(options: .init(target: "v3")).plan(files: [:]) } throws: { error in
            (error as? UpgradeError)?.code == .unsupportedTarget
        }
    }

    @Test func numericVersionBecomesString() throws {
        let plan = try UpgradePlanner().plan(
            files: files([
                "host.json": #"{"version": 2.0}"#,
                "Fn/function.json": #"{"bindings":[{"type":"timerTrigger","name":"t","schedule":"0 * * * * *"}]}"#,
                "Fn/index.js": "module.exports = async function (context, t) {};",
            ])
        )
        #expect(plan.changes.contains { $0.rule == "host.version" && $0.before == "version: 2.0" })
    }

    @Test func timeSpanConversionMatchesV1Milliseconds() throws {
        let cases: [(Int, String)] = [(2000, "00:00:02"), (60000, "00:01:00"), (500, "00:00:00.500"), (3_600_000, "01:00:00")]
        for (ms, expected) in cases {
            let plan = try UpgradePlanner().plan(
                files: files([
                    "host.json": #"{"queues":{"maxPollingInterval":\#(ms)}}"#,
                    "Fn/function.json": #"{"bindings":[{"type":"queueTrigger","name":"m","queueName":"q"}]}"#,
                    "Fn/index.js": "module.exports = async function (context, m) {};",
                ])
            )
            let host = try JSONValue.parse(plan.writes["host.json"]!, file: "host.json")
            #expect(host.value(path: ["extensions", "queues", "maxPollingInterval"]) == .string(expected))
        }
    }
}

extension JSONValue {
    fileprivate func value(path: [String]) -> JSONValue? {
        path.reduce(Optional(self)) { $0?[$1] }
    }
}
