internal import Foundation
internal import HearthCore

/// Runtime upgrade of classic-model JavaScript (fact sheet §4a): keep function.json and the code, rewrite
/// the few renamed members, and warn where 2.x–4.x behave differently.
enum JavaScriptUpgrader {
    static func run(_ b: PlanBuilder) {
        for function in b.app.functions {
            guard let script = scriptPath(function, b.app) else { continue }
            let bindings = function.json["bindings"]?.arrayValue ?? []
            let types = Set(bindings.compactMap { $0["type"]?.stringValue?.lowercased() })
            var doc = TextDocument(b.currentText(script) ?? "")
            let text = doc.originalText
            let exportLine = doc.originalLine(containing: "module.exports") ?? 1

            if types.contains("timertrigger") {
                for i in doc.lines.indices {
                    var line = doc.lines[i].text
                    for rename in JavaScriptRules.timerRenames { line = line.replacingOccurrences(of: rename.from, with: rename.to) }
                    if line != doc.lines[i].text {
                        b.change(
                            script,
                            line: doc.lines[i].original,
                            before: doc.lines[i].text.trimmed,
                            after: line.trimmed,
                            rule: "js.timer-camelcase"
                        )
                        doc.replace(at: i, with: line)
                    }
                }
            }
            if text.contains("context.done("), JavaScriptRules.promiseMarkers.contains(where: text.contains) {
                b.step(
                    .warning,
                    "js.done-with-promise",
                    file: script,
                    line: doc.originalLine(containing: "context.done("),
                    "\(function.name) returns a promise and also calls context.done(); from 2.x the worker reports \"Choose either to return a promise or call 'done'\".",
                    fix: "In async functions remove context.done() and return (or set context.res); otherwise drop async and keep done()."
                )
            }
            if text.contains("bindingData.req") {
                b.step(
                    .warning,
                    "js.binding-data-req",
                    file: script,
                    line: doc.originalLine(containing: "bindingData.req"),
                    "context.bindingData.req was removed in 3.x.",
                    fix: "Use context.req (or the request argument)."
                )
            }
            if let trigger = bindings.first(where: { $0["type"]?.stringValue?.lowercased() == "httptrigger" }) {
                httpWarnings(b, function: function, script: script, doc: doc, trigger: trigger, bindings: bindings, exportLine: exportLine)
            }
            if let hub = bindings.first(where: { $0["type"]?.stringValue?.lowercased() == "eventhubtrigger" }),
                hub["dataType"]?.stringValue?.lowercased() == "binary"
            {
                b.step(
                    .warning,
                    "js.event-hub-binary",
                    file: function.path,
                    line: b.app.line(function.path, ["bindings"]),
                    "Event Hub trigger with dataType binary now delivers an array of binary messages (cardinality many).",
                    fix: "Iterate over the messages in \(function.name), or set \"cardinality\": \"one\"."
                )
            }
            if doc.isModified { b.write(script, doc.text) }
        }
        for path in b.app.files.keys.sorted() where path.hasSuffix("package.json") && !AppInventory.isBuildOutput(path) {
            guard let node = b.app.json[path]?.value(at: ["engines", "node"])?.stringValue else { continue }
            let digits = node.filter { $0.isNumber || $0 == "." }.split(separator: ".").first.flatMap { Int($0) }
            if let major = digits, major < 18 {
                b.step(
                    .warning,
                    "js.node-version",
                    file: path,
                    line: b.app.line(path, ["engines", "node"]),
                    "package.json engines.node is \"\(node)\"; v4 runs Node 18 or later.",
                    fix: "Test the app on Node 20 and update engines.node (e.g. \">=18\")."
                )
            }
        }
        b.step(
            .info,
            "js.output-serialization",
            file: nil,
            line: nil,
            "4.x changed how output bindings serialize values (objects, buffers, strings).",
            fix: "Compare queue/blob/table outputs of the upgraded app with the v1 app before switching over."
        )
        b.step(
            .info,
            "js.v4-model",
            file: nil,
            line: nil,
            "The app keeps the classic (function.json) model, which v4 still runs; the Node v4 programming model (app.http(...), @azure/functions ≥ 4, Node ≥ 18) is an optional separate rewrite and cannot be mixed with function.json functions.",
            fix:
                "Keep the classic model on Hearth; if you move to the v4 model note that app.http defaults to authLevel anonymous and methods GET, POST."
        )
    }

    static func scriptPath(_ function: AppInventory.Function, _ app: AppInventory) -> String? {
        if let script = function.json["scriptFile"]?.stringValue {
            let path = normalize(function.name + "/" + script)
            if ["js", "mjs", "cjs"].contains(AppInventory.fileExtension(path)), app.files[path] != nil { return path }
            return nil
        }
        for candidate in ["index.js", "index.mjs", "index.cjs"] where app.files[function.name + "/" + candidate] != nil {
            return function.name + "/" + candidate
        }
        return app.files(inFunction: function.name).first { AppInventory.fileExtension($0) == "js" }
    }

    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == "..", !parts.isEmpty {
                parts.removeLast()
                continue
            }
            parts.append(part)
        }
        return parts.joined(separator: "/")
    }

    private static func httpWarnings(
        _ b: PlanBuilder,
        function: AppInventory.Function,
        script: String,
        doc: TextDocument,
        trigger: JSONValue,
        bindings: [JSONValue],
        exportLine: Int
    ) {
        let text = doc.originalText
        let output = bindings.first { $0["type"]?.stringValue?.lowercased() == "http" && $0["direction"]?.stringValue == "out" }
        let outName = output?["name"]?.stringValue ?? "res"
        let setsResponse =
            JavaScriptRules.responseMarkers.contains(where: text.contains)
            || text.contains("bindings.\(outName)") || (outName == "$return" && text.contains("return "))
        if !setsResponse {
            b.step(
                .warning,
                "function.http-204",
                file: script,
                line: exportLine,
                "\(function.name) never sets a response; v1 answered 200 with an empty body, v2+ answers 204 No Content.",
                fix: "Set context.res = { status: 200 } if clients expect 200."
            )
        } else if !text.contains("isRaw") {
            b.step(
                .warning,
                "js.content-negotiation",
                file: script,
                line: doc.originalLine(containing: "context.res") ?? exportLine,
                "\(function.name)'s response is no longer content-negotiated (v1 used Web API formatters, e.g. XML for Accept: application/xml); v2+ sends the body as-is (objects as JSON).",
                fix: "Set the Content-Type header explicitly; set \"enableContentNegotiation\": true on the response to opt back in."
            )
        }
    }
}
