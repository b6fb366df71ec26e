internal import Foundation
internal import HearthCore

/// Rewrites `local.settings.json` per fact sheet §1 and applies the setting edits other upgraders queued.
enum AppSettingsUpgrader {
    static let file = "local.settings.json"

    /// v1 host.json sections whose `AzureFunctionsJobHost__` overrides must follow the §2 move.
    static let overridePrefixes: [(from: String, to: String)] = HostJSONRules.table.map {
        ($0.key.lowercased(), $0.destination.joined(separator: "__"))
    }

    static func isOldNode(_ version: String) -> Bool {
        let digits = version.drop { $0 == "~" || $0 == "v" }.prefix { $0.isNumber }
        guard let major = Int(digits) else { return false }
        return major < 18
    }

    static func run(_ b: PlanBuilder, workerRuntime: String?, hasProxies: Bool) {
        let original = b.app.settings
        var root = original ?? .object([("IsEncrypted", .bool(false)), ("Values", .object([]))])
        var values = root["Values"] ?? .object([])
        let valuesLine = b.app.line(file, ["Values"])
        func line(_ key: String) -> Int? { b.app.line(file, ["Values", key]) ?? valuesLine }
        func add(_ key: String, _ value: String, rule: String, before: String? = nil) {
            let existing = values[key]
            guard existing?.stringValue != value else { return }
            values = values.setting(values.actualKey(key) ?? key, to: .string(value))
            b.change(
                file,
                line: original == nil ? nil : line(key),
                before: before ?? existing.map { SettingRedaction.describe(key, $0) },
                after: SettingRedaction.describe(key, .string(value)),
                rule: rule
            )
        }

        for rule in AppSettingsRules.table {
            guard let key = values.actualKey(rule.key), let value = values[key] else { continue }
            switch rule.action {
            case .replace(let new, let needsChange):
                guard let text = value.stringValue, needsChange(text) else { continue }
                add(key, new, rule: rule.rule)
            case .remove:
                values = values.removing(key)
                b.change(file, line: line(key), before: SettingRedaction.describe(key, value), after: nil, rule: rule.rule)
            case .keep:
                break
            }
            if let step = rule.step { b.step(step.severity, rule.rule, file: file, line: line(key), step.message, fix: step.fix) }
        }

        if let runtime = workerRuntime {
            add("FUNCTIONS_WORKER_RUNTIME", runtime, rule: "settings.worker-runtime")
        } else {
            b.step(
                .blocking,
                "settings.worker-runtime",
                file: file,
                line: line("FUNCTIONS_WORKER_RUNTIME"),
                "FUNCTIONS_WORKER_RUNTIME could not be chosen: v4 needs exactly one language per app.",
                fix: "Split the app by language, then set FUNCTIONS_WORKER_RUNTIME (node, dotnet, dotnet-isolated, custom …)."
            )
        }
        if values["AzureWebJobsStorage"] == nil && !values.objectValue!.contains(where: { $0.key.hasPrefix("AzureWebJobsStorage__") }) {
            add("AzureWebJobsStorage", "UseDevelopmentStorage=true", rule: "settings.storage")
            b.step(
                .warning,
                "settings.storage",
                file: file,
                line: nil,
                "AzureWebJobsStorage is still required (keys, timers, checkpoints); local development storage was set.",
                fix: "Set AzureWebJobsStorage (or AzureWebJobsStorage__* identity settings) in Azure; func publish refuses apps without it."
            )
        }
        for edit in b.settingEdits {
            add(edit.key, edit.value, rule: edit.rule, before: edit.origin)
        }
        if hasProxies {
            let flags = values["AzureWebJobsFeatureFlags"]?.stringValue ?? ""
            let list = flags.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if !list.contains("EnableProxies") {
                add("AzureWebJobsFeatureFlags", (list + ["EnableProxies"]).joined(separator: ","), rule: "settings.feature-flags")
            }
        }
        for entry in values.objectValue! {
            let lower = entry.key.lowercased()
            guard lower.hasPrefix("azurefunctionsjobhost__") else { continue }
            let rest = String(lower.dropFirst("azurefunctionsjobhost__".count))
            guard let mapping = overridePrefixes.first(where: { rest == $0.from || rest.hasPrefix($0.from + "__") }) else { continue }
            let suffix = String(entry.key.dropFirst("AzureFunctionsJobHost__".count + mapping.from.count))
            let newKey = "AzureFunctionsJobHost__" + mapping.to + suffix
            var value = entry.value
            if mapping.from == "queues", suffix.lowercased() == "__maxpollinginterval", let ms = Int(entry.value.stringValue ?? "") {
                // v1 milliseconds; v2+ would read an integer as days.
                value = .string(HostJSONRules.timeSpan(milliseconds: ms))
            }
            values = .object(values.objectValue!.map { $0.key == entry.key ? (key: newKey, value: value) : $0 })
            b.change(
                file,
                line: line(entry.key),
                before: SettingRedaction.describe(entry.key, entry.value),
                after: SettingRedaction.describe(newKey, value),
                rule: "settings.jobhost-overrides"
            )
        }
        root = root.setting(root.actualKey("Values") ?? "Values", to: values)
        if original == nil {
            guard values != .object([]) else { return }
            b.change(file, line: nil, before: nil, after: "created \(file)", rule: "settings.worker-runtime")
        }
        b.writeJSON(file, root)
        b.step(
            .info,
            "settings.extension-version",
            file: file,
            line: nil,
            "local.settings.json is only used locally; the Azure app keeps its own settings.",
            fix:
                "In Azure: az functionapp config appsettings set --settings FUNCTIONS_EXTENSION_VERSION=~4 FUNCTIONS_WORKER_RUNTIME=\(workerRuntime ?? "<runtime>") plus the settings above."
        )
        b.step(
            .info,
            "settings.site-config",
            file: nil,
            line: nil,
            "The v4 host on Windows needs .NET 8 in site config for every language; Linux apps use linuxFxVersion.",
            fix:
                "az functionapp config set --net-framework-version v8.0 (Windows), or linuxFxVersion such as \(linuxFx(workerRuntime)) (Linux; list with az functionapp list-runtimes --os linux)."
        )
        b.step(
            .info,
            "settings.sticky-versions",
            file: nil,
            line: nil,
            "FUNCTIONS_EXTENSION_VERSION is sticky to deployment slots.",
            fix: "When upgrading through a slot swap, set WEBSITE_OVERRIDE_STICKY_EXTENSION_VERSIONS=0 in production and staging."
        )
    }

    private static func linuxFx(_ runtime: String?) -> String {
        switch runtime {
        case "node": return "Node|20"
        case "dotnet-isolated": return "DOTNET-ISOLATED|8.0"
        case "dotnet": return "DOTNET|8.0"
        default: return "<Runtime>|<version>"
        }
    }
}
