internal import Foundation
internal import HearthCore

/// Works out the source version, languages and worker runtime, and collects v1 evidence (fact sheet §7).
enum Detector {
    /// host.json root keys that only a v1 file has (fact sheet §2, §7).
    static let v1HostKeys: Set<String> = [
        "http", "queues", "servicebus", "eventhub", "documentdb", "sendgrid", "durabletask", "logger", "tracing",
        "applicationinsights", "id",
    ]

    /// Function script extensions and their language.
    static let scriptLanguages: [String: AppLanguage] = [
        "js": .javascript, "mjs": .javascript, "cjs": .javascript, "csx": .csharpScript, "fsx": .fsharpScript,
        "ps1": .powershell, "py": .python, "php": .php, "sh": .bash, "bat": .batch, "cmd": .batch, "ts": .typescript,
    ]

    static func detect(_ app: AppInventory) -> UpgradeDetection {
        var signals: [UpgradeDetection.Signal] = []
        var v1 = false
        func signal(_ file: String, _ line: Int?, _ message: String, v1Only: Bool = true) {
            signals.append(.init(file: file, line: line, message: message))
            if v1Only { v1 = true }
        }

        if let host = app.host {
            switch host["version"] {
            case nil: signal("host.json", 1, "host.json has no \"version\" (v1 schema)")
            case .string("2.0")?: break
            case let other?:
                signal("host.json", app.line("host.json", ["version"]), "host.json \"version\" is \(other.serialized(pretty: false)), not \"2.0\"")
            }
            for entry in host.objectValue ?? [] where v1HostKeys.contains(entry.key.lowercased()) {
                signal("host.json", app.line("host.json", [entry.key]), "host.json has the v1 root key \"\(entry.key)\"")
            }
        } else if !app.functions.isEmpty || !app.paths(withExtension: "csproj").isEmpty {
            signal("host.json", nil, "there is no host.json", v1Only: false)
        }

        var version = "v4"
        if let values = app.settingsValues {
            if let ext = values["FUNCTIONS_EXTENSION_VERSION"]?.stringValue, !isV4(ext) {
                let major = ext.drop { $0 == "~" }.prefix { $0.isNumber }
                version = "v\(major.isEmpty ? "1" : String(major))"
                signal(
                    "local.settings.json",
                    app.line("local.settings.json", ["Values", "FUNCTIONS_EXTENSION_VERSION"]),
                    "FUNCTIONS_EXTENSION_VERSION is \(ext)",
                    v1Only: major == "1"
                )
            }
            if values["AzureWebJobsDashboard"] != nil {
                signal("local.settings.json", app.line("local.settings.json", ["Values", "AzureWebJobsDashboard"]), "AzureWebJobsDashboard is set")
            }
            if let node = values["WEBSITE_NODE_DEFAULT_VERSION"]?.stringValue, AppSettingsUpgrader.isOldNode(node) {
                signal(
                    "local.settings.json",
                    app.line("local.settings.json", ["Values", "WEBSITE_NODE_DEFAULT_VERSION"]),
                    "WEBSITE_NODE_DEFAULT_VERSION is \(node)"
                )
            }
        }

        for function in app.functions {
            if function.json["disabled"] != nil {
                signal(function.path, app.line(function.path, ["disabled"]), "function.json has \"disabled\"")
            }
            for (i, binding) in (function.json["bindings"]?.arrayValue ?? []).enumerated() {
                if let reason = FunctionJSONRules.v1Evidence(binding) {
                    signal(function.path, app.line(function.path, ["bindings", "#\(i)"]), reason)
                }
            }
        }

        for path in app.files.keys.sorted() where !AppInventory.isBuildOutput(path) {
            let name = path.split(separator: "/").last.map(String.init) ?? path
            let ext = AppInventory.fileExtension(path)
            if name == "project.json" {
                signal(path, 1, "project.json (v1 C# script NuGet references)")
            } else if ext == "csx", let text = app.text(path), text.contains("TraceWriter") {
                signal(path, TextDocument(text).originalLine(containing: "TraceWriter"), "C# script uses TraceWriter")
            } else if ext == "csproj", let text = app.text(path), let reason = ClassLibraryRules.v1Evidence(text) {
                signal(path, TextDocument(text).originalLine(containing: reason.needle), reason.message)
            } else if path.split(separator: "/").count == 2, let language = scriptLanguages[ext], !language.isUpgradable,
                language != .typescript, app.json[path.split(separator: "/")[0] + "/function.json"] != nil
            {
                signal(path, nil, "\(language) function script (v1 experimental or removed in 2.x)")
            }
        }
        if v1 { version = "v1" }

        let languages = detectLanguages(app)
        let upgradable = languages.filter(\.isUpgradable)
        var runtime: String? = nil
        if languages.count == 1, let only = upgradable.first {
            runtime = only.workerRuntime
        } else if languages.isEmpty, let existing = app.settingsValues?["FUNCTIONS_WORKER_RUNTIME"]?.stringValue {
            runtime = existing
        }
        if !signals.isEmpty, let existing = app.settingsValues?["FUNCTIONS_WORKER_RUNTIME"]?.stringValue, runtime == nil,
            languages.count <= 1
        {
            runtime = existing
        }
        return UpgradeDetection(sourceVersion: signals.isEmpty ? "v4" : version, languages: languages, workerRuntime: runtime, signals: signals)
    }

    static func isV4(_ version: String) -> Bool {
        version == "~4" || version.hasPrefix("4.")
    }

    static func detectLanguages(_ app: AppInventory) -> [AppLanguage] {
        var found: Set<AppLanguage> = []
        if app.host?["customHandler"] != nil { return [.customHandler] }
        for function in app.functions {
            var candidates: [String] = []
            if let script = function.json["scriptFile"]?.stringValue { candidates.append(script) }
            candidates += app.files(inFunction: function.name)
            let languages = candidates.compactMap { scriptLanguages[AppInventory.fileExtension($0)] }
            if let first = languages.first(where: { $0 != .typescript }) ?? languages.first { found.insert(first) }
        }
        for path in app.paths(withExtension: "csproj") where ClassLibraryRules.isFunctionsProject(app.text(path) ?? "") {
            found.insert(.csharpClassLibrary)
        }
        if !app.paths(withExtension: "fsproj").isEmpty { found.insert(.fsharpClassLibrary) }
        return found.sorted()
    }
}
