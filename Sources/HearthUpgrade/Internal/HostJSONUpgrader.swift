internal import Foundation
internal import HearthCore

/// Rewrites host.json to the 2.0 schema per fact sheet §2, keeping key order.
enum HostJSONUpgrader {
    static let file = "host.json"

    static func run(_ b: PlanBuilder, addBundle: Bool) {
        let original = b.app.host ?? .object([])
        let existed = b.app.host != nil
        var result: JSONValue = .object([])
        for entry in original.objectValue ?? [] {
            let line = b.app.line(file, [entry.key])
            let lower = entry.key.lowercased()
            if let rule = HostJSONRules.rule(for: entry.key) {
                result = move(entry, rule: rule, into: result, line: line, b)
            } else if lower == "logger" {
                result = moveLogger(entry, into: result, line: line, b)
            } else if lower == "tracing" {
                result = moveTracing(entry, into: result, line: line, b)
            } else if lower == "id" {
                b.change(file, line: line, before: JSONValue.describe([entry.key], entry.value), after: nil, rule: "host.id")
                hostID(entry.value, line: line, b)
            } else if lower == "extensions" || lower == "logging", let existing = result[entry.key] {
                result = result.setting(entry.key, to: merge(existing, into: entry.value))
            } else {
                if !HostJSONRules.knownV2Keys.contains(lower) {
                    b.step(
                        .warning,
                        "host.unknown-key",
                        file: file,
                        line: line,
                        "\"\(entry.key)\" is not a host.json 2.0 key; the v2+ host ignores it silently.",
                        fix: "Remove it, or move it to its v2 place if it belongs to an extension."
                    )
                }
                result = result.setting(entry.key, to: entry.value)
            }
        }
        result = addVersionAndBundle(result, original: original, addBundle: addBundle, b)
        if let timeout = original["functionTimeout"] {
            b.step(
                .info,
                "host.function-timeout",
                file: file,
                line: b.app.line(file, ["functionTimeout"]),
                "functionTimeout is \(timeout.serialized(pretty: false)); the key is unchanged but limits changed (Consumption max 10 min, Premium/Dedicated default 30 min, enforced on Linux Consumption).",
                fix: "Check the value against the v4 limits for your plan."
            )
        } else {
            b.step(
                .info,
                "host.function-timeout",
                file: file,
                line: nil,
                "No functionTimeout: v1 on App Service ran without limit; v2+ defaults to 30 min on Premium/Dedicated (5 min Consumption).",
                fix: "Set \"functionTimeout\" (\"-1\" = unbounded on Dedicated) if functions run longer."
            )
        }
        b.step(
            .info,
            "host.http-defaults",
            file: file,
            line: b.app.line(file, ["http"]),
            "HTTP throttle defaults differ on Consumption from 2.x: maxOutstandingRequests 200, maxConcurrentRequests 100, dynamicThrottlesEnabled true (v1: -1/-1/false).",
            fix: "Set extensions.http values explicitly if the app relied on the v1 defaults."
        )
        if !existed {
            b.change(file, line: nil, before: nil, after: "created \(file)", rule: "host.version")
        }
        b.writeJSON(file, result)
    }

    private static func addVersionAndBundle(_ object: JSONValue, original: JSONValue, addBundle: Bool, _ b: PlanBuilder) -> JSONValue {
        var entries = object.objectValue ?? []
        if let i = entries.firstIndex(where: { $0.key.lowercased() == "version" }) {
            if entries[i].value != .string("2.0") || entries[i].key != "version" {
                b.change(
                    file,
                    line: b.app.line(file, [entries[i].key]),
                    before: JSONValue.describe([entries[i].key], entries[i].value),
                    after: #"version: "2.0""#,
                    rule: "host.version"
                )
                entries[i] = (key: "version", value: .string("2.0"))
            }
        } else {
            entries.insert((key: "version", value: .string("2.0")), at: 0)
            b.change(file, line: b.app.host == nil ? nil : 1, before: nil, after: #"version: "2.0""#, rule: "host.version")
        }
        if addBundle, !entries.contains(where: { $0.key.lowercased() == "extensionbundle" }) {
            let bundle: JSONValue = ["id": .string(HostJSONRules.bundleID), "version": .string(HostJSONRules.bundleVersion)]
            let at = (entries.firstIndex { $0.key == "version" } ?? -1) + 1
            entries.insert((key: "extensionBundle", value: bundle), at: at)
            b.change(
                file,
                line: b.app.host == nil ? nil : 1,
                before: nil,
                after: "extensionBundle: \(bundle.serialized(pretty: false))",
                rule: "host.extension-bundle"
            )
        }
        return .object(entries)
    }

    /// Adds `addition`'s keys to `base` where `base` has none (existing v2 keys win).
    static func merge(_ addition: JSONValue, into base: JSONValue) -> JSONValue {
        guard case .object(let add) = addition, case .object = base else { return base }
        var result = base
        for (key, value) in add {
            if let existing = result[key] {
                result = result.setting(result.actualKey(key) ?? key, to: merge(value, into: existing))
            } else {
                result = result.setting(key, to: value)
            }
        }
        return result
    }

    private static func place(_ value: JSONValue, at path: [String], in result: JSONValue) -> JSONValue {
        if let existing = result.value(at: path) { return result.setting(path: path, to: merge(value, into: existing)) }
        return result.setting(path: path, to: value)
    }

    private static func move(
        _ entry: (key: String, value: JSONValue),
        rule: HostJSONRules,
        into result: JSONValue,
        line: Int?,
        _ b: PlanBuilder
    ) -> JSONValue {
        let dest = rule.destination
        b.change(file, line: line, before: entry.key, after: dest.joined(separator: "."), rule: rule.rule)
        guard case .object(let members) = entry.value else { return place(entry.value, at: dest, in: result) }
        var section: JSONValue = .object([])
        for (key, value) in members {
            let subLine = b.app.line(file, [entry.key, key])
            var path = [key]
            var value = value
            if let renamed = rule.renames[key.lowercased()] {
                path = renamed
            } else if rule.camelCaseOthers, let first = key.first, first.isUppercase {
                path = [first.lowercased() + key.dropFirst()]
                b.step(
                    .warning,
                    rule.rule,
                    file: file,
                    line: subLine,
                    "\(entry.key).\(key) has no known Durable 2.x place; it was kept as \(path[0]).",
                    fix: "Check the Durable Functions 2.x host.json reference for this setting."
                )
            }
            if rule.rule == "host.queues" {
                value = queueValue(key: key, value: value, line: subLine, b)
            }
            if path != [key] || value != members.first(where: { $0.key == key })!.value {
                let original = members.first(where: { $0.key == key })!.value
                b.change(
                    file,
                    line: subLine,
                    before: JSONValue.describe([entry.key, key], original),
                    after: JSONValue.describe(dest + path, value),
                    rule: rule.rule == "host.queues" ? "host.queues.max-polling-interval" : rule.rule
                )
            }
            section = section.setting(path: path, to: value)
        }
        switch rule.rule {
        case "host.service-bus", "host.event-hub":
            b.step(
                .info,
                rule.rule,
                file: file,
                line: line,
                "\(dest.joined(separator: ".")) uses the extension 5.x names (bundle 4 / Worker extensions).",
                fix: "If you pin an older extension (3.x/4.x), nest the settings as that version documents."
            )
        case "host.document-db":
            b.step(
                .warning,
                rule.rule,
                file: file,
                line: line,
                "documentDB settings were moved unchanged to extensions.cosmosDB (extension 3.x names).",
                fix: "Re-check them against the Cosmos DB extension 4.x host.json reference (bundle 4)."
            )
        case "host.application-insights":
            if entry.value.value(at: ["sampling", "maxTelemetryItemsPerSecond"]) == nil {
                b.step(
                    .info,
                    rule.rule,
                    file: file,
                    line: line,
                    "Sampling's default rate rises from 5 to 20 telemetry items per second.",
                    fix: "Set logging.applicationInsights.samplingSettings.maxTelemetryItemsPerSecond to keep 5."
                )
            }
        default: break
        }
        return place(section, at: dest, in: result)
    }

    private static func queueValue(key: String, value: JSONValue, line: Int?, _ b: PlanBuilder) -> JSONValue {
        switch key.lowercased() {
        case "maxpollinginterval":
            guard case .number = value, let ms = value.intValue else { return value }
            let span = HostJSONRules.timeSpan(milliseconds: ms)
            b.step(
                .info,
                "host.queues.max-polling-interval",
                file: file,
                line: line,
                "queues.maxPollingInterval was \(ms) (milliseconds in v1); v2+ reads an integer as days, so it is now \"\(span)\".",
                fix: "Nothing to do unless the value is also set through AzureFunctionsJobHost__ settings."
            )
            return .string(span)
        case "batchsize":
            if let size = value.intValue, size > 32 {
                b.step(
                    .warning,
                    "host.queues.batch-size",
                    file: file,
                    line: line,
                    "queues.batchSize is \(size); the maximum is 32.",
                    fix: "Set batchSize to 32 or less."
                )
            }
            return value
        default:
            return value
        }
    }

    private static func moveLogger(_ entry: (key: String, value: JSONValue), into result: JSONValue, line: Int?, _ b: PlanBuilder) -> JSONValue {
        var result = result
        for (key, value) in entry.value.objectValue ?? [] {
            let subLine = b.app.line(file, [entry.key, key])
            guard key.lowercased() == "categoryfilter" else {
                b.change(file, line: subLine, before: JSONValue.describe([entry.key, key], value), after: nil, rule: "host.logger")
                b.step(
                    .warning,
                    "host.logger",
                    file: file,
                    line: subLine,
                    "logger.\(key) has no v2 equivalent and was dropped.",
                    fix: "Configure the equivalent under \"logging\" if you still need it."
                )
                continue
            }
            for (filterKey, filterValue) in value.objectValue ?? [] {
                let filterLine = b.app.line(file, [entry.key, key, filterKey])
                switch filterKey.lowercased() {
                case "defaultlevel":
                    result = place(filterValue, at: ["logging", "logLevel", "default"], in: result)
                    b.change(
                        file,
                        line: filterLine,
                        before: JSONValue.describe([entry.key, key, filterKey], filterValue),
                        after: JSONValue.describe(["logging", "logLevel", "default"], filterValue),
                        rule: "host.logger"
                    )
                case "categorylevels":
                    for (category, level) in filterValue.objectValue ?? [] {
                        result = place(level, at: ["logging", "logLevel", category], in: result)
                        b.change(
                            file,
                            line: b.app.line(file, [entry.key, key, filterKey, category]),
                            before: JSONValue.describe([entry.key, key, filterKey, category], level),
                            after: JSONValue.describe(["logging", "logLevel", category], level),
                            rule: "host.logger"
                        )
                        if category == "Function" || category == "Host.Executor" {
                            b.step(
                                .info,
                                "host.log-categories",
                                file: file,
                                line: b.app.line(file, [entry.key, key, filterKey, category]),
                                "Log category \"\(category)\" changed meaning: user logs are Function.<Name>.User, executor logs Function.<Name>.",
                                fix:
                                    "\"\(category == "Function" ? "Function" : "Function")\" still matches both by prefix; use Function.<Name>.User to target user logs only."
                            )
                        }
                    }
                default:
                    b.change(
                        file,
                        line: filterLine,
                        before: JSONValue.describe([entry.key, key, filterKey], filterValue),
                        after: nil,
                        rule: "host.logger"
                    )
                }
            }
        }
        return result
    }

    private static func moveTracing(_ entry: (key: String, value: JSONValue), into result: JSONValue, line: Int?, _ b: PlanBuilder) -> JSONValue {
        var result = result
        for (key, value) in entry.value.objectValue ?? [] {
            let subLine = b.app.line(file, [entry.key, key])
            switch key.lowercased() {
            case "fileloggingmode":
                result = place(value, at: ["logging", "fileLoggingMode"], in: result)
                b.change(
                    file,
                    line: subLine,
                    before: JSONValue.describe([entry.key, key], value),
                    after: JSONValue.describe(["logging", "fileLoggingMode"], value),
                    rule: "host.tracing"
                )
            case "consolelevel":
                b.change(file, line: subLine, before: JSONValue.describe([entry.key, key], value), after: nil, rule: "host.tracing")
                let level = value.stringValue.flatMap { HostJSONRules.consoleLevels[$0.lowercased()] } ?? "Information"
                b.step(
                    .info,
                    "host.tracing",
                    file: file,
                    line: subLine,
                    "tracing.consoleLevel has no 1:1 v2 key; it was dropped.",
                    fix: "To keep the same verbosity set logging.logLevel.default to \"\(level)\" (affects all sinks), or logging.console.isEnabled."
                )
            default:
                b.change(file, line: subLine, before: JSONValue.describe([entry.key, key], value), after: nil, rule: "host.tracing")
            }
        }
        return result
    }

    private static func hostID(_ value: JSONValue, line: Int?, _ b: PlanBuilder) {
        guard let id = value.stringValue else { return }
        b.settingEdits.append(.init(key: "AzureFunctionsWebHost__hostid", value: id, rule: "settings.host-id", origin: "host.json id"))
        if !isValidHostID(id) {
            b.step(
                .warning,
                "settings.host-id",
                file: file,
                line: line,
                "Host id \"\(id)\" is not 1–32 lowercase letters, digits and single dashes.",
                fix: "Choose a valid id for AzureFunctionsWebHost__hostid, unique per storage account."
            )
        }
    }

    static func isValidHostID(_ id: String) -> Bool {
        guard (1...32).contains(id.count), !id.hasPrefix("-"), !id.hasSuffix("-"), !id.contains("--") else { return false }
        return id.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }
}
