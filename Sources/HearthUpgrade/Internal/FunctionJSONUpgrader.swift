internal import Foundation
internal import HearthCore

/// Rewrites every `<Fn>/function.json` per fact sheet §3 and moves `disabled` to an app setting.
enum FunctionJSONUpgrader {
    static func run(_ b: PlanBuilder, isClassLibrary: Bool) {
        var extensionTypesSeen: Set<String> = []
        for function in b.app.functions {
            var json = function.json
            let file = function.path
            if let key = json.actualKey("disabled") {
                moveDisabled(b, function: function, key: key, value: json[key]!)
                json = json.removing(key)
            }
            if let bindings = json["bindings"]?.arrayValue {
                var updated: [JSONValue] = []
                for (i, binding) in bindings.enumerated() {
                    updated.append(upgrade(binding, index: i, in: function, b))
                    if let type = binding["type"]?.stringValue {
                        let lower = type.lowercased()
                        let newType = rules(lower).compactMap(\.newType).first ?? type
                        if !FunctionJSONRules.builtInTypes.contains(lower), rules(lower).allSatisfy({ $0.removal == nil }),
                            extensionTypesSeen.insert(newType.lowercased()).inserted
                        {
                            b.step(
                                .info,
                                "function.extension-required",
                                file: file,
                                line: b.app.line(file, ["bindings", "#\(i)"]),
                                "\"\(newType)\" is an extension binding from 2.x on.",
                                fix: isClassLibrary
                                    ? "Reference its Microsoft.Azure.Functions.Worker.Extensions.* package (done for known packages)."
                                    : "It comes from the extension bundle added to host.json; check the bundle's minimum versions."
                            )
                        }
                    }
                }
                json = json.setting("bindings", to: .array(updated))
            }
            b.writeJSON(file, json)
        }
    }

    private static func rules(_ type: String) -> [FunctionJSONRules] { FunctionJSONRules.rules(for: type) }

    private static func upgrade(_ binding: JSONValue, index: Int, in function: AppInventory.Function, _ b: PlanBuilder) -> JSONValue {
        guard let type = binding["type"]?.stringValue else { return binding }
        let file = function.path
        let base = ["bindings", "#\(index)"]
        var result = binding
        for rule in rules(type) {
            if let removal = rule.removal {
                b.step(
                    .blocking,
                    rule.rule,
                    file: file,
                    line: b.app.line(file, base + ["type"]),
                    "Binding \"\(binding["name"]?.stringValue ?? "?")\" of type \"\(type)\" \(removal.message)",
                    fix: removal.fix
                )
                continue
            }
            if let newType = rule.newType, let key = result.actualKey("type") {
                result = result.setting(key, to: .string(newType))
                b.change(
                    file,
                    line: b.app.line(file, base + [key]),
                    before: "\(JSONValue.describe(["type"], .string(type)))",
                    after: JSONValue.describe(["type"], .string(newType)),
                    rule: rule.rule
                )
            }
            for property in rule.properties {
                guard let key = result.actualKey(property.from), let value = result[key] else { continue }
                let line = b.app.line(file, base + [key])
                if let to = property.to {
                    result = rename(result, key: key, to: to)
                    b.change(file, line: line, before: JSONValue.describe([key], value), after: JSONValue.describe([to], value), rule: rule.rule)
                } else {
                    result = result.removing(key)
                    b.change(file, line: line, before: JSONValue.describe([key], value), after: nil, rule: rule.rule)
                }
                if let step = property.step {
                    b.step(
                        step.severity,
                        rule.rule,
                        file: file,
                        line: line,
                        "\(step.message) (was \(JSONValue.describe([key], value)))",
                        fix: step.fix
                    )
                }
            }
        }
        switch type.lowercased() {
        case "manualtrigger":
            b.step(
                .info,
                "function.manual-trigger",
                file: file,
                line: b.app.line(file, base),
                "\(function.name) has a manualTrigger; it still loads in v4.",
                fix: "Invoke it with POST /admin/functions/\(function.name) and the master key (x-functions-key)."
            )
        case "eventgridtrigger":
            b.step(
                .warning,
                "function.event-grid-url",
                file: file,
                line: b.app.line(file, base),
                "Event Grid subscriptions for \(function.name) point at the v1 URL /admin/extensions/EventGridExtensionConfig.",
                fix: "Update each subscription to /runtime/webhooks/eventgrid?functionName=\(function.name)&code=<eventgrid_extension system key>."
            )
        default: break
        }
        return result
    }

    /// Renames a key in place, keeping its position.
    static func rename(_ object: JSONValue, key: String, to newKey: String) -> JSONValue {
        guard case .object(let entries) = object else { return object }
        if entries.contains(where: { $0.key == newKey }) { return object.removing(key) }
        return .object(entries.map { $0.key == key ? (key: newKey, value: $0.value) : $0 })
    }

    private static func moveDisabled(_ b: PlanBuilder, function: AppInventory.Function, key: String, value: JSONValue) {
        let file = function.path
        let line = b.app.line(file, [key])
        b.change(file, line: line, before: JSONValue.describe([key], value), after: nil, rule: "function.disabled")
        let setting = "AzureWebJobs.\(function.name).Disabled"
        switch value {
        case .bool(true):
            b.impliedSettings.append(.init(name: setting, value: .literal("true"), rule: "settings.function-disabled"))
            b.settingEdits.append(.init(key: setting, value: "true", rule: "settings.function-disabled", origin: "\(file) disabled: true"))
        case .string(let name):
            b.impliedSettings.append(.init(name: setting, value: .copy(of: name), rule: "settings.function-disabled"))
            let current = b.app.settingsValues?[name]?.stringValue
            if let current {
                b.settingEdits.append(.init(key: setting, value: current, rule: "settings.function-disabled", origin: "\(file) disabled: \(name)"))
            }
            b.step(
                .warning,
                "settings.function-disabled",
                file: file,
                line: line,
                "\(function.name) was disabled through the setting \(name); v4 reads only \(setting).",
                fix: "Wherever \(name) is set (Azure, slots, pipelines), set \(setting) instead (Linux: AzureWebJobs_\(function.name)_Disabled)."
            )
        default:
            break
        }
    }
}
