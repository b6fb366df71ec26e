/// Reads one function.json into a ``FunctionDefinition``, recording every problem.
struct FunctionParser {
    let name: String
    let file: String
    let settings: [String: String]

    func parse(_ json: JSONValue, issues: inout IssueCollector) -> FunctionDefinition? {
        guard json.objectValue != nil else {
            issues.error(
                file,
                "$",
                "function.json must be a JSON object, found \(json.typeDescription)",
                fix: #"write an object such as {"bindings": [ … ]}"#
            )
            return nil
        }
        let errorsBefore = issues.errors.count

        // disabled
        var disabled = false
        if let flag = json["disabled"] {
            let value: Bool? =
                switch flag {
                case .bool(let b): b
                case .string(let s) where ["true", "false"].contains(s.lowercased()): s.lowercased() == "true"
                default: nil
                }
            if let value {
                disabled = value
                if value {
                    issues.warning(
                        file,
                        "$.disabled",
                        "\"disabled\": true in function.json is a Functions v1 setting; Hearth still honours it",
                        fix: "remove it and set the app setting AzureWebJobs.\(name).Disabled=true instead"
                    )
                }
            } else {
                issues.error(
                    file,
                    "$.disabled",
                    "\"disabled\" is \(flag.typeDescription), not true or false",
                    fix: "remove it and use the app setting AzureWebJobs.\(name).Disabled=true"
                )
            }
        }
        for key in ["AzureWebJobs.\(name).Disabled", "AzureWebJobs_\(name)_Disabled"] {
            if let value = FunctionAppLoader.setting(key, in: settings), ["true", "1"].contains(value.lowercased()) {
                disabled = true
            }
        }

        let scriptFile = optionalString("scriptFile", in: json, issues: &issues)
        let entryPoint = optionalString("entryPoint", in: json, issues: &issues)

        // bindings
        guard let bindingsValue = json["bindings"] else {
            issues.error(file, "$.bindings", "function.json has no \"bindings\" array", fix: "add a \"bindings\" array with exactly one trigger")
            return nil
        }
        guard let bindingValues = bindingsValue.arrayValue else {
            issues.error(
                file,
                "$.bindings",
                "\"bindings\" is \(bindingsValue.typeDescription), not an array",
                fix: "make \"bindings\" an array of binding objects"
            )
            return nil
        }
        guard !bindingValues.isEmpty else {
            issues.error(
                file,
                "$.bindings",
                "\"bindings\" is empty",
                fix: "add a trigger binding such as {\"type\": \"httpTrigger\", \"direction\": \"in\", \"name\": \"req\"}"
            )
            return nil
        }
        var bindings: [(index: Int, binding: BindingDefinition)] = []
        var names: [String: Int] = [:]
        for (index, value) in bindingValues.enumerated() {
            guard let binding = parseBinding(value, index: index, issues: &issues) else { continue }
            if let first = names[binding.name.lowercased()] {
                issues.error(
                    file,
                    "$.bindings[\(index)].name",
                    "binding name '\(binding.name)' is also used by bindings[\(first)]",
                    fix: "give each binding a different name"
                )
            } else {
                names[binding.name.lowercased()] = index
            }
            if !binding.isSupported {
                if binding.isTrigger {
                    issues.error(
                        file,
                        "$.bindings[\(index)].type",
                        "trigger type '\(binding.type)' is not served by Hearth, so function '\(name)' cannot run",
                        fix: "use an httpTrigger, timerTrigger or queueTrigger, or remove the function"
                    )
                } else {
                    issues.warning(
                        file,
                        "$.bindings[\(index)].type",
                        "binding type '\(binding.type)' is not served by Hearth; the function loads but the binding is ignored",
                        fix: "remove the binding, or write the data from the function code"
                    )
                }
            }
            bindings.append((index, binding))
        }

        // Exactly one trigger.
        let triggers = bindings.filter(\.binding.isTrigger)
        var trigger: TriggerDefinition?
        if triggers.isEmpty {
            if bindings.count == bindingValues.count {
                issues.error(
                    file,
                    "$.bindings",
                    "function '\(name)' has no trigger binding (a type ending in 'Trigger')",
                    fix: "add one trigger, e.g. {\"type\": \"httpTrigger\", \"direction\": \"in\", \"name\": \"req\"}"
                )
            }
        } else if triggers.count > 1 {
            issues.error(
                file,
                "$.bindings[\(triggers[1].index)]",
                "function '\(name)' has \(triggers.count) triggers (\(triggers.map(\.binding.type).joined(separator: ", "))); a function has exactly one",
                fix: "keep one trigger and move the others into their own functions"
            )
        } else if triggers[0].binding.isSupported {
            trigger = parseTrigger(triggers[0].binding, index: triggers[0].index, all: bindings, issues: &issues)
        }

        guard issues.errors.count == errorsBefore, let trigger else { return nil }
        return FunctionDefinition(
            name: name,
            bindings: bindings.map(\.binding),
            trigger: trigger,
            disabled: disabled,
            scriptFile: scriptFile,
            entryPoint: entryPoint,
            raw: json
        )
    }

    // MARK: - Bindings

    private func parseBinding(_ value: JSONValue, index: Int, issues: inout IssueCollector) -> BindingDefinition? {
        let path = "$.bindings[\(index)]"
        guard value.objectValue != nil else {
            issues.error(
                file,
                path,
                "binding \(index) is \(value.typeDescription), not an object",
                fix: "write each binding as an object with type, direction and name"
            )
            return nil
        }
        guard let type = value["type"]?.stringValue, !type.isEmpty else {
            issues.error(file, "\(path).type", "binding \(index) has no \"type\"", fix: "add a type such as \"httpTrigger\", \"http\" or \"queue\"")
            return nil
        }
        let isTrigger = type.lowercased().hasSuffix("trigger")
        guard let bindingName = value["name"]?.stringValue, !bindingName.isEmpty else {
            issues.error(
                file,
                "\(path).name",
                "binding \(index) (\(type)) has no \"name\"",
                fix: isTrigger ? "add a name such as \"req\" or \"myTimer\"" : "add a name, e.g. \"res\" or \"$return\" for an http output"
            )
            return nil
        }
        guard bindingName == "$return" || Self.isValidBindingName(bindingName) else {
            issues.error(
                file,
                "\(path).name",
                "binding name '\(bindingName)' is not valid: it must start with a letter and contain only letters and digits, or be \"$return\"",
                fix: "rename the binding, e.g. to '\(bindingName.filter { $0.isASCII && ($0.isLetter || $0.isNumber) })'"
            )
            return nil
        }
        let direction: BindingDirection
        switch value["direction"] {
        case nil:
            if isTrigger {
                direction = .in
            } else {
                issues.error(file, "\(path).direction", "binding '\(bindingName)' has no \"direction\"", fix: "add \"direction\": \"in\" or \"out\"")
                return nil
            }
        case .string(let text)?:
            guard let parsed = BindingDirection(rawValue: text.lowercased()) else {
                issues.error(file, "\(path).direction", "binding '\(bindingName)' has direction '\(text)'", fix: "use \"in\", \"out\" or \"inout\"")
                return nil
            }
            direction = parsed
        case let other?:
            issues.error(
                file,
                "\(path).direction",
                "binding '\(bindingName)' direction is \(other.typeDescription), not a string",
                fix: "use \"in\", \"out\" or \"inout\""
            )
            return nil
        }
        if isTrigger, direction != .in {
            issues.error(
                file,
                "\(path).direction",
                "trigger '\(bindingName)' has direction '\(direction.rawValue)'; triggers are inputs",
                fix: "set \"direction\": \"in\""
            )
        }
        if bindingName == "$return", direction != .out {
            issues.error(file, "\(path).direction", "the $return binding has direction '\(direction.rawValue)'", fix: "set \"direction\": \"out\"")
        }
        var dataType: String?
        if let dt = value["dataType"] {
            if let text = dt.stringValue {
                dataType = text
            } else if dt != .null {
                issues.error(
                    file,
                    "\(path).dataType",
                    "dataType is \(dt.typeDescription), not a string",
                    fix: "use \"string\", \"binary\" or \"stream\""
                )
            }
        }
        return BindingDefinition(name: bindingName, type: type, direction: direction, dataType: dataType, raw: value)
    }

    static func isValidBindingName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, bytes.count <= 128, (first | 0x20) >= UInt8(ascii: "a"), (first | 0x20) <= UInt8(ascii: "z") else {
            return false
        }
        return bytes.allSatisfy { b in
            ((b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
        }
    }

    private func optionalString(_ key: String, in json: JSONValue, issues: inout IssueCollector) -> String? {
        guard let value = json[key], value != .null else { return nil }
        guard let text = value.stringValue else {
            issues.error(file, "$.\(key)", "\"\(key)\" is \(value.typeDescription), not a string", fix: "write \"\(key)\" as a string or remove it")
            return nil
        }
        return text
    }

    // MARK: - Triggers

    private func parseTrigger(
        _ binding: BindingDefinition,
        index: Int,
        all bindings: [(index: Int, binding: BindingDefinition)],
        issues: inout IssueCollector
    ) -> TriggerDefinition? {
        let path = "$.bindings[\(index)]"
        let raw = binding.raw
        switch binding.type.lowercased() {
        case "httptrigger":
            var authLevel = AuthorizationLevel.function
            if let value = raw["authLevel"] {
                if let text = value.stringValue, let level = AuthorizationLevel(jsonName: text) {
                    authLevel = level
                } else {
                    issues.error(
                        file,
                        "\(path).authLevel",
                        "authLevel \(value.serialized(pretty: false)) is not an authorization level",
                        fix: "use \"anonymous\", \"function\" or \"admin\""
                    )
                }
            }
            var methods: Set<String>?
            if let value = raw["methods"], value != .null {
                let strings = value.arrayValue?.compactMap(\.stringValue).filter { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isLetter } }
                if let strings, strings.count == value.arrayValue?.count {
                    methods = strings.isEmpty ? nil : Set(strings.map { $0.uppercased() })
                } else {
                    issues.error(
                        file,
                        "\(path).methods",
                        "methods must be an array of HTTP method names",
                        fix: "write e.g. \"methods\": [\"get\", \"post\"]"
                    )
                }
            }
            if raw["webHookType"] != nil {
                issues.warning(file, "\(path).webHookType", "webHookType is a Functions v1 setting and is ignored", fix: "remove webHookType")
            }
            var routeText = name
            if let value = raw["route"], value != .null {
                if let text = value.stringValue {
                    if !text.isEmpty { routeText = text }
                } else {
                    issues.error(
                        file,
                        "\(path).route",
                        "route is \(value.typeDescription), not a string",
                        fix: "write a route template such as \"products/{id:int}\""
                    )
                    return nil
                }
            }
            let route: RouteTemplate
            do {
                route = try RouteTemplate(parsing: routeText)
            } catch {
                issues.error(file, "\(path).route", error)
                return nil
            }
            let output = bindings.first { $0.binding.type.lowercased() == "http" && $0.binding.direction == .out }?.binding.name
            return .http(
                HTTPTriggerDefinition(bindingName: binding.name, authLevel: authLevel, methods: methods, route: route, outputBindingName: output)
            )

        case "timertrigger":
            guard let text = raw["schedule"]?.stringValue, !text.isEmpty else {
                issues.error(
                    file,
                    "\(path).schedule",
                    "timer trigger '\(binding.name)' has no \"schedule\"",
                    fix: "add a 6-field NCRONTAB schedule such as \"0 */5 * * * *\""
                )
                return nil
            }
            let expression: String
            let schedule: TimerSchedule
            do {
                expression = try SettingSubstitution.expand(text, settings: settings)
                schedule = try TimerSchedule.parse(expression)
            } catch {
                issues.error(file, "\(path).schedule", error)
                return nil
            }
            guard let runOnStartup = flag("runOnStartup", in: raw, default: false, path: path, issues: &issues),
                let useMonitor = flag("useMonitor", in: raw, default: true, path: path, issues: &issues)
            else { return nil }
            return .timer(
                TimerTriggerDefinition(
                    bindingName: binding.name,
                    expression: expression,
                    schedule: schedule,
                    runOnStartup: runOnStartup,
                    useMonitor: useMonitor
                )
            )

        case "queuetrigger":
            guard let text = raw["queueName"]?.stringValue, !text.isEmpty else {
                issues.error(file, "\(path).queueName", "queue trigger '\(binding.name)' has no \"queueName\"", fix: "add \"queueName\": \"<queue>\"")
                return nil
            }
            let queueName: String
            do {
                queueName = try SettingSubstitution.expand(text, settings: settings)
            } catch {
                issues.error(file, "\(path).queueName", error)
                return nil
            }
            var connection: String?
            if let value = raw["connection"], value != .null {
                guard let text = value.stringValue else {
                    issues.error(
                        file,
                        "\(path).connection",
                        "connection is \(value.typeDescription), not a string",
                        fix: "write the name of an app setting"
                    )
                    return nil
                }
                connection = text.isEmpty ? nil : text
            }
            return .queue(QueueTriggerDefinition(bindingName: binding.name, queueName: queueName, connection: connection))

        default:
            return nil
        }
    }

    private func flag(_ key: String, in raw: JSONValue, default defaultValue: Bool, path: String, issues: inout IssueCollector) -> Bool? {
        guard let value = raw[key], value != .null else { return defaultValue }
        if let b = value.boolValue { return b }
        issues.error(file, "\(path).\(key)", "\(key) is \(value.typeDescription), not true or false", fix: "write true or false")
        return nil
    }
}
