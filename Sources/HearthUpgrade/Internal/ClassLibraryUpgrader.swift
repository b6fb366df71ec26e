internal import Foundation
internal import HearthCore

/// A .NET Framework class library (Microsoft.NET.Sdk.Functions 1.x) → a .NET isolated-worker project (§4c).
enum ClassLibraryUpgrader {
    static func run(_ b: PlanBuilder, targetFramework: String) {
        for project in b.app.paths(withExtension: "csproj") {
            guard let text = b.app.text(project), ClassLibraryRules.isFunctionsProject(text), ClassLibraryRules.v1Evidence(text) != nil else {
                continue
            }
            let folder = project.split(separator: "/").dropLast().joined(separator: "/")
            guard text.contains("<Project Sdk=") else {
                b.step(
                    .blocking,
                    "csproj.not-sdk-style",
                    file: project,
                    line: 1,
                    "The project is not SDK-style, so it cannot be converted automatically.",
                    fix: "Convert it to an SDK-style project (e.g. with try-convert), then run hearth upgrade again."
                )
                continue
            }
            let sources = b.app.paths(withExtension: "cs").filter { folder.isEmpty || $0.hasPrefix(folder + "/") }
            let code = sources.compactMap { b.app.text($0) }.joined(separator: "\n")
            upgradeProject(project, text: text, code: code, targetFramework: targetFramework, b)
            addProgram(folder: folder, targetFramework: targetFramework, b)
            for source in sources where !source.hasSuffix("Program.cs") {
                CSharpCodeUpgrader.run(source, b)
            }
            b.step(
                .info,
                "csproj.worker-packages",
                file: project,
                line: nil,
                "Package versions were current when Hearth's upgrade tables were written.",
                fix: "Run dotnet list package --outdated and update the Microsoft.Azure.Functions.Worker* packages."
            )
            HearthWorkerNote.add(workerRuntime: "dotnet-isolated", model: "the .NET isolated worker model", b)
        }
    }

    private static func upgradeProject(_ path: String, text: String, code: String, targetFramework: String, _ b: PlanBuilder) {
        var doc = TextDocument(text)
        var added: Set<String> = []
        // Existing (non-v1) references are kept, so never add them twice.
        for match in text.matches(of: #/PackageReference\s+Include="([^"]+)"/#) { added.insert(String(match.output.1).lowercased()) }
        func packageLine(_ indent: String, _ package: (String, String)) -> String {
            "\(indent)<PackageReference Include=\"\(package.0)\" Version=\"\(package.1)\" />"
        }
        var extra: [(String, String)] = []
        if code.contains("HttpTrigger") { extra.append(ClassLibraryRules.httpPackage) }
        if code.contains("TimerTrigger") { extra.append(ClassLibraryRules.timerPackage) }

        var i = 0
        while i < doc.lines.count {
            let line = doc.lines[i]
            let original = line.original
            let indent = TextDocument.indentation(of: line.text)
            if let match = line.text.firstMatch(of: #/<TargetFramework(s?)>([^<]*)</TargetFramework/#) {
                let frameworks = match.output.2.split(separator: ";").map { $0.hasPrefix("net4") ? targetFramework : String($0) }
                let new = line.text.replacingOccurrences(of: String(match.output.2), with: frameworks.joined(separator: ";"))
                if new != line.text {
                    doc.replace(at: i, with: new)
                    b.change(path, line: original, before: line.text.trimmed, after: new.trimmed, rule: "csproj.target-framework")
                }
                if !text.contains("<AzureFunctionsVersion>") {
                    doc.insert("\(indent)<AzureFunctionsVersion>v4</AzureFunctionsVersion>", at: i + 1)
                    b.change(
                        path,
                        line: original,
                        before: nil,
                        after: "<AzureFunctionsVersion>v4</AzureFunctionsVersion>",
                        rule: "csproj.functions-version"
                    )
                    i += 1
                }
                if !text.contains("<OutputType>") {
                    doc.insert("\(indent)<OutputType>Exe</OutputType>", at: i + 1)
                    b.change(path, line: original, before: nil, after: "<OutputType>Exe</OutputType>", rule: "csproj.output-type")
                    i += 1
                }
            } else if let match = line.text.firstMatch(of: #/<AzureFunctionsVersion>([^<]*)</#), match.output.1 != "v4" {
                let new = line.text.replacingOccurrences(of: ">\(match.output.1)<", with: ">v4<")
                doc.replace(at: i, with: new)
                b.change(path, line: original, before: line.text.trimmed, after: new.trimmed, rule: "csproj.functions-version")
            } else if let match = line.text.firstMatch(of: #/<OutputType>([^<]*)</#), match.output.1 != "Exe" {
                let new = line.text.replacingOccurrences(of: ">\(match.output.1)<", with: ">Exe<")
                doc.replace(at: i, with: new)
                b.change(path, line: original, before: line.text.trimmed, after: new.trimmed, rule: "csproj.output-type")
            } else if let match = line.text.firstMatch(of: #/PackageReference\s+Include="([^"]+)"/#),
                let rule = ClassLibraryRules.packages.first(where: { String(match.output.1).lowercased().hasPrefix($0.prefix) })
            {
                if !line.text.contains("/>") {
                    b.step(
                        .warning,
                        rule.rule,
                        file: path,
                        line: original,
                        "Multi-line PackageReference \(match.output.1) was not converted.",
                        fix: "Replace it by hand as the other references were."
                    )
                    i += 1
                    continue
                }
                var replacements = rule.replacements
                if rule.rule == "csproj.worker-packages" { replacements += extra }
                let fresh = replacements.filter { added.insert($0.0.lowercased()).inserted }
                doc.remove(at: i)
                for (k, package) in fresh.enumerated() { doc.insert(packageLine(indent, package), at: i + k) }
                b.change(
                    path,
                    line: original,
                    before: line.text.trimmed,
                    after: fresh.isEmpty ? nil : fresh.map { "\($0.0) \($0.1)" }.joined(separator: ", "),
                    rule: rule.rule
                )
                if let step = rule.step {
                    b.step(step.severity, rule.rule, file: path, line: original, "\(match.output.1): \(step.message)", fix: step.fix)
                }
                i += fresh.count
                continue
            } else if line.text.trimmed == "</Project>" {
                let alias = "<Using Include=\"System.Threading.ExecutionContext\" Alias=\"ExecutionContext\" />"
                if !text.contains("System.Threading.ExecutionContext") {
                    doc.insert("  <ItemGroup>", at: i)
                    doc.insert("    \(alias)", at: i + 1)
                    doc.insert("  </ItemGroup>", at: i + 2)
                    b.change(path, line: original, before: nil, after: alias, rule: "csproj.using-alias")
                    i += 3
                }
            }
            i += 1
        }
        if doc.isModified { b.write(path, doc.text) }
    }

    private static func addProgram(folder: String, targetFramework: String, _ b: PlanBuilder) {
        let path = (folder.isEmpty ? "" : folder + "/") + "Program.cs"
        if b.app.files[path] != nil {
            b.step(
                .warning,
                "csharp.program",
                file: path,
                line: 1,
                "Program.cs already exists and was left alone.",
                fix: "Make sure it builds the host with ConfigureFunctionsWorkerDefaults() and Application Insights, as the isolated worker needs."
            )
            return
        }
        var lines = [
            "using Microsoft.Azure.Functions.Worker;",
            "using Microsoft.Extensions.DependencyInjection;",
            "using Microsoft.Extensions.Hosting;",
            "",
        ]
        if targetFramework.hasPrefix("net4") { lines += ["FunctionsDebugger.Enable();", ""] }
        lines += [
            "var host = new HostBuilder()",
            "    .ConfigureFunctionsWorkerDefaults()",
            "    .ConfigureServices(services =>",
            "    {",
            "        services.AddApplicationInsightsTelemetryWorkerService();",
            "        services.ConfigureFunctionsApplicationInsights();",
            "    })",
            "    .Build();",
            "",
            "host.Run();",
            "",
        ]
        b.write(path, lines.joined(separator: "\n"))
        b.change(path, line: nil, before: nil, after: "created Program.cs (HostBuilder().ConfigureFunctionsWorkerDefaults())", rule: "csharp.program")
    }
}
