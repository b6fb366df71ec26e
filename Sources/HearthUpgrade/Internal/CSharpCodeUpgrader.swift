internal import Foundation
internal import HearthCore

/// Rewrites one C# source file of a v1 class library for the isolated worker (fact sheet §4c code map).
///
/// Line-based on purpose: every edit is one of the table's mechanical renames, and everything that
/// needs judgement becomes a ``ManualStep`` on its line instead.
enum CSharpCodeUpgrader {
    static func run(_ path: String, _ b: PlanBuilder) {
        var doc = TextDocument(b.currentText(path) ?? "")
        let text = doc.originalText
        let usesTraceWriter = text.contains("TraceWriter")
        let usesHttpTypes = text.contains("HttpRequestMessage") || text.contains("HttpResponseMessage")
        var index = 0
        var signature: (name: String, loggers: [String])? = nil
        var loggers: Set<String> = []

        func replace(_ i: Int, _ new: String, rule: String) {
            let old = doc.lines[i].text
            guard new != old else { return }
            doc.replace(at: i, with: new)
            b.change(path, line: doc.lines[i].original, before: old.trimmed, after: new.trimmed, rule: rule)
        }

        while index < doc.lines.count {
            let original = doc.lines[index].original
            var line = doc.lines[index].text
            let trimmed = line.trimmed

            if let using = ClassLibraryRules.usings.first(where: { trimmed == $0.from }) {
                var target = using.to
                if using.from.hasSuffix("Host;") && !usesTraceWriter { target = nil }
                if let target, !doc.lines.contains(where: { $0.text.trimmed == target }) {
                    replace(index, TextDocument.indentation(of: line) + target, rule: "csharp.usings")
                } else {
                    doc.remove(at: index)
                    b.change(path, line: original, before: trimmed, after: nil, rule: "csharp.usings")
                    continue
                }
                index += 1
                continue
            }
            if trimmed.hasPrefix("using Microsoft.Azure.WebJobs") {
                doc.remove(at: index)
                b.change(path, line: original, before: trimmed, after: nil, rule: "csharp.usings")
                continue
            }

            if let match = line.firstMatch(of: #/\[FunctionName\("([^"]*)"\)\]/#) {
                signature = (String(match.output.1), [])
                replace(index, line.replacingOccurrences(of: "[FunctionName(", with: "[Function("), rule: "csharp.function-attribute")
                line = doc.lines[index].text
            }
            if let match = line.firstMatch(of: #/\[return:\s*(\w+)\(/#), let output = ClassLibraryRules.returnAttributes[String(match.output.1)] {
                replace(index, line.replacingOccurrences(of: String(match.output.0), with: "[\(output)("), rule: "csharp.return-attribute")
                line = doc.lines[index].text
            }

            if var current = signature {
                var new = line
                for match in line.matches(of: #/\[(\w+)(\(|\])/#) {
                    let name = String(match.output.1)
                    if let input = ClassLibraryRules.inputAttributes[name] {
                        if line.contains("FileAccess.Write") {
                            b.step(
                                .blocking,
                                "csharp.collector",
                                file: path,
                                line: original,
                                "[\(name)] output parameter: the isolated worker has no output parameters.",
                                fix:
                                    "Return the value with [\(ClassLibraryRules.returnAttributes[name] ?? name + "Output")] on the method (or a multi-output POCO)."
                            )
                            continue
                        }
                        new = new.replacingOccurrences(of: "[\(name)(", with: "[\(input)(")
                        new = new.replacing(#/,\s*FileAccess\.Read\b/#, with: "")
                    } else if !ClassLibraryRules.knownAttributes.contains(name) {
                        b.step(
                            .blocking,
                            "csharp.custom-binding",
                            file: path,
                            line: original,
                            "[\(name)] is not a binding the isolated worker knows (custom binding?).",
                            fix: "Replace it with SDK calls or an isolated-worker extension."
                        )
                    }
                    if name == "DocumentDB" || name == "CosmosDB" || name == "CosmosDBTrigger" || name == "DocumentDBTrigger" {
                        for (from, to) in ClassLibraryRules.cosmosProperties { new = new.replacing(try! Regex("\\b\(from)\\b"), with: to) }
                        new = new.replacingOccurrences(of: "[DocumentDBTrigger(", with: "[CosmosDBTrigger(")
                    }
                }
                if new != line {
                    replace(index, new, rule: "csharp.binding-attribute")
                    line = new
                }
                let withoutRights = line.replacing(#/,\s*AccessRights\.\w+/#, with: "")
                if withoutRights != line {
                    replace(index, withoutRights, rule: "function.service-bus-access-rights")
                    line = withoutRights
                }
                if usesHttpTypes {
                    let http = line.replacing(#/\bHttpRequestMessage\b/#, with: "HttpRequestData").replacing(
                        #/\bHttpResponseMessage\b/#,
                        with: "HttpResponseData"
                    )
                    if http != line {
                        replace(index, http, rule: "csharp.http-types")
                        line = http
                    }
                }
                if let match = line.firstMatch(of: #/\bTraceWriter\s+(\w+)/#) {
                    current.loggers.append(String(match.output.1))
                    loggers.insert(String(match.output.1))
                    replace(
                        index,
                        line.replacingOccurrences(of: String(match.output.0), with: "FunctionContext functionContext"),
                        rule: "csharp.trace-writer"
                    )
                    line = doc.lines[index].text
                }
                let context = line.replacing(#/\b(Microsoft\.Azure\.WebJobs\.)?ExecutionContext\s+(\w+)/#) { "FunctionContext \($0.output.2)" }
                if context != line {
                    replace(index, context, rule: "csharp.execution-context")
                    line = context
                }
                if line.contains(#/(^|[,(])\s*(\[[^\]]*\]\s*)*out\s+\w+/#) {
                    b.step(
                        .blocking,
                        "csharp.collector",
                        file: path,
                        line: original,
                        "out parameters are not supported by the isolated worker.",
                        fix: "Return the value with an *Output attribute on the method, or a multi-output POCO."
                    )
                }
                signature = current
                if trimmed.hasSuffix("{") || trimmed == "{" {
                    let indent = TextDocument.indentation(of: line) + (trimmed == "{" ? "    " : "    ")
                    for logger in current.loggers {
                        doc.insert("\(indent)var \(logger) = functionContext.GetLogger(\"\(current.name)\");", at: index + 1)
                        b.change(
                            path,
                            line: original,
                            before: nil,
                            after: "var \(logger) = functionContext.GetLogger(\"\(current.name)\");",
                            rule: "csharp.trace-writer"
                        )
                        index += 1
                    }
                    signature = nil
                }
            } else if line.contains("TraceWriter") {
                if let match = line.firstMatch(of: #/\bTraceWriter\s+(\w+)/#) { loggers.insert(String(match.output.1)) }
                replace(index, line.replacing(#/\bTraceWriter\b/#, with: "ILogger"), rule: "csharp.trace-writer")
                line = doc.lines[index].text
            }

            for logger in loggers {
                var new = line
                for call in CSharpScriptRules.logCalls {
                    new = new.replacingOccurrences(of: "\(logger).\(call.from)(", with: "\(logger).\(call.to)(")
                }
                if line.contains("\(logger).Error("), line.contains(",") {
                    b.step(
                        .warning,
                        "csharp.trace-writer",
                        file: path,
                        line: original,
                        "TraceWriter.Error(message, exception) became LogError(message, …), where the exception is only a format argument.",
                        fix: "Write \(logger).LogError(exception, message)."
                    )
                }
                if new != line {
                    replace(index, new, rule: "csharp.trace-writer")
                    line = new
                }
            }
            for manual in ClassLibraryRules.manual where line.contains(manual.needle) {
                b.step(manual.severity, manual.rule, file: path, line: original, manual.message, fix: manual.fix)
            }
            for helper in ClassLibraryRules.webAPIHelpers where line.contains(helper) {
                b.step(
                    .blocking,
                    "csharp.http-types",
                    file: path,
                    line: original,
                    "\(helper.trimmingCharacters(in: CharacterSet(charactersIn: "("))) is Web API (HttpRequestMessage) code.",
                    fix:
                        "Use HttpRequestData/HttpResponseData: req.Query[\"name\"], await req.ReadFromJsonAsync<T>(), var res = req.CreateResponse(HttpStatusCode.OK); await res.WriteStringAsync(…)."
                )
            }
            if line.contains(#/CreateResponse\([^)]*,/#) {
                b.step(
                    .blocking,
                    "csharp.http-types",
                    file: path,
                    line: original,
                    "req.CreateResponse(status, body) does not exist on HttpRequestData.",
                    fix: "var res = req.CreateResponse(status); await res.WriteAsJsonAsync(body); return res;"
                )
            }
            index += 1
        }
        if usesTraceWriter || !loggers.isEmpty {
            CSharpScriptUpgrader.addUsing("Microsoft.Extensions.Logging", to: &doc, file: path, rule: "csharp.usings", b)
        }
        if usesHttpTypes && text.contains("[FunctionName(") {
            CSharpScriptUpgrader.addUsing("Microsoft.Azure.Functions.Worker.Http", to: &doc, file: path, rule: "csharp.usings", b)
        }
        if doc.isModified { b.write(path, doc.text) }
        if text.contains("[FunctionName(") {
            b.step(
                .info,
                "behaviour.dotnet",
                file: path,
                line: nil,
                "In the isolated worker HttpClient is not a registered service and synchronous server I/O is disabled.",
                fix: "Register HttpClient with services.AddHttpClient() in Program.cs if the functions take it by injection."
            )
        }
    }
}
