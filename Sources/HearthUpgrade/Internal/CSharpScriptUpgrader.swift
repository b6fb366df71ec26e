internal import Foundation
internal import HearthCore

/// C# script (.csx) per fact sheet §4b: TraceWriter → ILogger, project.json → function.proj, `#r` review.
enum CSharpScriptUpgrader {
    static func run(_ b: PlanBuilder) {
        for path in b.app.paths(withExtension: "csx") {
            upgradeScript(path, b)
        }
        for path in b.app.files.keys.sorted() where path.hasSuffix("project.json") && !AppInventory.isBuildOutput(path) {
            convertProjectJSON(path, b)
        }
        if !b.app.paths(withExtension: "csx").isEmpty {
            b.step(
                .info,
                "csx.in-process",
                file: nil,
                line: nil,
                "C# script runs in the in-process model (FUNCTIONS_WORKER_RUNTIME=dotnet), whose support ends 2026-11-10; the isolated worker has no .csx.",
                fix: "Plan a move to a compiled .NET 8 isolated project (then run this upgrade's class-library path)."
            )
            HearthWorkerNote.add(workerRuntime: "dotnet", model: "the .NET in-process model", b)
        }
    }

    /// Replaces `TraceWriter` parameters by `ILogger` and maps their calls; returns the logger names.
    static func replaceTraceWriter(_ doc: inout TextDocument, file: String, rule: String, _ b: PlanBuilder) -> [String] {
        let names = Set(
            doc.lines.flatMap { line in
                line.text.matches(of: #/TraceWriter\s+(\w+)/#).map { String($0.output.1) }
            }
        )
        for i in doc.lines.indices {
            let before = doc.lines[i].text
            var after = before.replacing(#/\bTraceWriter\b/#, with: "ILogger")
            for name in names {
                for call in CSharpScriptRules.logCalls {
                    after = after.replacingOccurrences(of: "\(name).\(call.from)(", with: "\(name).\(call.to)(")
                }
                if before.contains("\(name).Error("), before.contains(",") {
                    b.step(
                        .warning,
                        rule,
                        file: file,
                        line: doc.lines[i].original,
                        "TraceWriter.Error(message, exception) became LogError(message, …), where the exception is only a format argument.",
                        fix: "Write \(name).LogError(exception, message)."
                    )
                }
                if before.contains("\(name).Trace(") {
                    b.step(
                        .warning,
                        rule,
                        file: file,
                        line: doc.lines[i].original,
                        "TraceWriter.Trace(TraceEvent) has no ILogger equivalent.",
                        fix: "Use \(name).Log(LogLevel, message)."
                    )
                }
            }
            if after != before {
                doc.replace(at: i, with: after)
                b.change(file, line: doc.lines[i].original, before: before.trimmed, after: after.trimmed, rule: rule)
            }
        }
        return names.sorted()
    }

    /// Adds `using <namespace>;` after the last `#r`/`#load`/`using` line, if missing.
    static func addUsing(_ namespace: String, to doc: inout TextDocument, file: String, rule: String, _ b: PlanBuilder) {
        let statement = "using \(namespace);"
        guard !doc.lines.contains(where: { $0.text.trimmed == statement }) else { return }
        let anchor = doc.lines.lastIndex { line in
            let t = line.text.trimmed
            return t.hasPrefix("using ") && t.hasSuffix(";") && !t.contains("(") || t.hasPrefix("#r ") || t.hasPrefix("#load ")
        }
        let index = anchor.map { $0 + 1 } ?? 0
        doc.insert(statement, at: index)
        b.change(file, line: anchor.flatMap { doc.anchorLine($0) } ?? 1, before: nil, after: statement, rule: rule)
    }

    private static func upgradeScript(_ path: String, _ b: PlanBuilder) {
        var doc = TextDocument(b.currentText(path) ?? "")
        let loggers = replaceTraceWriter(&doc, file: path, rule: "csx.trace-writer", b)
        if !loggers.isEmpty { addUsing("Microsoft.Extensions.Logging", to: &doc, file: path, rule: "csx.trace-writer", b) }
        for line in doc.lines {
            let t = line.text.trimmed
            if t.hasPrefix("#r ") {
                let name = t.dropFirst(3).trimmingCharacters(in: CharacterSet(charactersIn: "\" ;"))
                if let hit = CSharpScriptRules.references.first(where: { name.hasPrefix($0.prefix) }) {
                    b.step(
                        hit.severity,
                        "csx.reference",
                        file: path,
                        line: line.original,
                        "#r \"\(name)\" refers to an assembly of the v1 .NET Framework / Web API host.",
                        fix: hit.fix
                    )
                } else {
                    b.step(
                        .info,
                        "csx.reference",
                        file: path,
                        line: line.original,
                        "#r \"\(name)\": v2+ runs on .NET, not .NET Framework.",
                        fix: "Check that the assembly exists for .NET 8 or comes from function.proj."
                    )
                }
            }
            if t.contains("IQueryable<") {
                b.step(
                    .blocking,
                    "function.table-iqueryable",
                    file: path,
                    line: line.original,
                    "Table input bound to IQueryable<T> is not supported from 2.x.",
                    fix: "Bind TableClient (Azure.Data.Tables) and query it, or bind a single entity / JObject."
                )
            }
        }
        for helper in CSharpScriptRules.webAPIHelpers {
            guard let line = doc.lines.first(where: { $0.text.contains(helper) }) else { continue }
            b.step(
                .warning,
                "csx.web-api",
                file: path,
                line: line.original,
                "\(helper.trimmingCharacters(in: CharacterSet(charactersIn: "("))) is a Web API (HttpRequestMessage) helper of the v1 host.",
                fix:
                    "Bind HttpRequest and return IActionResult (e.g. new OkObjectResult(body), req.Query[\"name\"], await req.ReadFromJsonAsync<T>())."
            )
        }
        if doc.isModified { b.write(path, doc.text) }
    }

    private static func convertProjectJSON(_ path: String, _ b: PlanBuilder) {
        guard let json = b.app.json[path] else { return }
        let folder = path.split(separator: "/").dropLast().joined(separator: "/")
        let target = (folder.isEmpty ? "" : folder + "/") + "function.proj"
        var packages: [(String, String)] = []
        for framework in json["frameworks"]?.objectValue ?? [] {
            for (name, value) in framework.value["dependencies"]?.objectValue ?? [] {
                let version = value.stringValue ?? value["version"]?.stringValue ?? "*"
                if !packages.contains(where: { $0.0 == name }) { packages.append((name, version)) }
            }
        }
        var lines = [
            "<Project Sdk=\"Microsoft.NET.Sdk\">",
            "  <PropertyGroup>",
            "    <TargetFramework>netstandard2.0</TargetFramework>",
            "  </PropertyGroup>",
            "  <ItemGroup>",
        ]
        lines += packages.map { "    <PackageReference Include=\"\($0.0)\" Version=\"\($0.1)\" />" }
        lines += ["  </ItemGroup>", "</Project>", ""]
        if b.app.files[target] != nil {
            b.step(
                .warning,
                "csx.project-json",
                file: path,
                line: 1,
                "Both project.json and function.proj exist; project.json was left alone.",
                fix: "Merge its dependencies into function.proj and delete project.json."
            )
            return
        }
        b.write(target, lines.joined(separator: "\n"))
        b.delete(path)
        b.change(path, line: 1, before: "project.json", after: nil, rule: "csx.project-json")
        for (name, version) in packages {
            b.change(
                target,
                line: nil,
                before: "project.json \(name) \(version)",
                after: "<PackageReference Include=\"\(name)\" Version=\"\(version)\" />",
                rule: "csx.project-json"
            )
        }
        if !packages.isEmpty {
            b.step(
                .warning,
                "csx.project-json",
                file: target,
                line: nil,
                "The package versions were chosen for .NET Framework (net46).",
                fix: "Update each package to a version that supports .NET Standard 2.0 / .NET 8."
            )
        }
    }
}
