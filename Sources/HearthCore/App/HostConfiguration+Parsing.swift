extension HostConfiguration {
    /// The fix given for a host.json without `"version": "2.0"`.
    public static let v1AppFix = "this is a Functions v1 app; run 'hearth upgrade <folder>' to convert it to v4, then deploy again"

    /// Reads host.json (v2+).
    ///
    /// Requires `"version": "2.0"`; a file without it is a Functions v1 app and is refused with a fix that
    /// points at `hearth upgrade`. Unknown top-level keys become warnings in ``warnings``.
    ///
    /// ```swift
    /// let host = try HostConfiguration.parse(["version": "2.0", "functionTimeout": "00:10:00"])
    /// host.functionTimeout  // .seconds(600)
    /// ```
    /// - Parameters:
    ///   - json: The parsed document.
    ///   - file: The file name used in issues.
    /// - Throws: ``AppValidationError`` listing every error.
    public static func parse(_ json: JSONValue, file: String = "host.json") throws(AppValidationError) -> HostConfiguration {
        var issues = IssueCollector()
        let host = parse(json, file: file, issues: &issues)
        guard !issues.hasErrors, let host else { throw AppValidationError(issues: issues.issues) }
        return host
    }

    /// Parses into `issues`; returns `nil` only if the document is unusable.
    static func parse(_ json: JSONValue, file: String, issues: inout IssueCollector) -> HostConfiguration? {
        guard case .object(let entries) = json else {
            issues.error(
                file,
                "$",
                "host.json must be a JSON object, found \(json.typeDescription)",
                fix: #"write an object such as {"version": "2.0"}"#
            )
            return nil
        }
        var host = HostConfiguration(raw: json)
        var collected = IssueCollector()

        // version
        switch json["version"] {
        case nil, .null?:
            collected.error(
                file,
                "$.version",
                "host.json has no \"version\": \"2.0\", so it describes a Functions v1 app, which Hearth does not run",
                fix: v1AppFix
            )
        case .string("2.0")?:
            host.version = "2.0"
        case .string(let other)?:
            collected.error(
                file,
                "$.version",
                "host.json has \"version\": \"\(other)\", but Hearth runs apps whose host.json says \"version\": \"2.0\"",
                fix: other.hasPrefix("1") ? v1AppFix : #"set "version": "2.0""#
            )
        case let other?:
            collected.error(
                file,
                "$.version",
                "host.json \"version\" is \(other.typeDescription) (\(other.serialized(pretty: false))), not the string \"2.0\"",
                fix: #"write "version": "2.0" with quotes"#
            )
        }

        // functionTimeout
        switch json["functionTimeout"] {
        case nil:
            host.functionTimeout = defaultFunctionTimeout
        case .null?, .string("-1")?, .number("-1")?:
            host.functionTimeout = nil
        case .string(let text)?:
            if let duration = TimeSpanParser.parse(text), duration >= .seconds(1) {
                host.functionTimeout = duration
            } else if TimeSpanParser.parse(text) != nil {
                collected.error(
                    file,
                    "$.functionTimeout",
                    "functionTimeout \"\(text)\" is shorter than the minimum of 1 second",
                    fix: #"use at least "00:00:01", or "-1" for no limit"#
                )
            } else {
                collected.error(
                    file,
                    "$.functionTimeout",
                    "functionTimeout \"\(text)\" is not a time span (hh:mm:ss or d.hh:mm:ss)",
                    fix: #"write a value such as "00:10:00", or "-1" for no limit"#
                )
            }
        case let other?:
            collected.error(
                file,
                "$.functionTimeout",
                "functionTimeout is \(other.typeDescription), not a string",
                fix: #"write a string such as "00:10:00", or "-1" for no limit"#
            )
        }

        // extensions.http.routePrefix
        if let prefix = json["extensions"]?["http"]?["routePrefix"] {
            if let text = prefix.stringValue {
                host.routePrefix = String(text.trimmingSlashes())
            } else {
                collected.error(
                    file,
                    "$.extensions.http.routePrefix",
                    "routePrefix is \(prefix.typeDescription), not a string",
                    fix: #"write a string such as "api", or "" for no prefix"#
                )
            }
        }
        for key in ["maxConcurrentRequests", "maxOutstandingRequests"] {
            guard let value = json["extensions"]?["http"]?[key] else { continue }
            guard let limit = value.intValue, limit == -1 || limit >= 1 else {
                collected.error(
                    file,
                    "$.extensions.http.\(key)",
                    "\(key) is \(value.typeDescription == "a number" ? "not a whole number of at least 1" : value.typeDescription)",
                    fix: "write a whole number of requests such as 100, or -1 for no limit"
                )
                continue
            }
            if key == "maxConcurrentRequests" { host.maxConcurrentRequests = limit } else { host.maxOutstandingRequests = limit }
        }
        if json["extensions"] == nil, json["http"]?["routePrefix"] != nil {
            collected.warning(
                file,
                "$.http.routePrefix",
                "top-level http.routePrefix is the v1 location and is ignored",
                fix: #"move it to "extensions": {"http": {"routePrefix": …}}"#
            )
        }

        // customHandler / httpWorker
        let customHandler = json["customHandler"]
        let httpWorker = json["httpWorker"]
        if customHandler != nil, httpWorker != nil {
            collected.warning(
                file,
                "$.httpWorker",
                "both customHandler and the legacy httpWorker are present; httpWorker is ignored",
                fix: "remove httpWorker"
            )
        } else if httpWorker != nil {
            collected.warning(file, "$.httpWorker", "httpWorker is the legacy name of customHandler", fix: "rename httpWorker to customHandler")
        }
        if let (section, key) = customHandler.map({ ($0, "customHandler") }) ?? httpWorker.map({ ($0, "httpWorker") }) {
            host.customHandler = parseCustomHandler(section, path: "$.\(key)", file: file, issues: &collected)
        }

        // extensions.queues (or v1's queues)
        host.queues = parseQueues(json, file: file, issues: &collected)

        // logging.logLevel
        if let levels = json["logging"]?["logLevel"] {
            if let levelEntries = levels.objectValue {
                for (category, level) in levelEntries {
                    if let text = level.stringValue {
                        host.logLevels[category] = text
                    } else {
                        collected.warning(
                            file,
                            "$.logging.logLevel.\(category)",
                            "log level for '\(category)' is \(level.typeDescription), not a string; it is ignored",
                            fix: #"write a level such as "Information""#
                        )
                    }
                }
            } else {
                collected.warning(
                    file,
                    "$.logging.logLevel",
                    "logging.logLevel is \(levels.typeDescription), not an object; it is ignored",
                    fix: #"write an object such as {"default": "Information"}"#
                )
            }
        }

        // Unknown keys.
        for (key, _) in entries where !knownKeys.contains(key.lowercased()) {
            collected.warning(
                file,
                "$.\(key)",
                "host.json key '\(key)' is not a Functions v2+ setting; it is ignored",
                fix: "remove '\(key)' or check its spelling"
            )
        }

        host.warnings = collected.warnings
        issues.append(contentsOf: collected.issues)
        return host
    }

    private static func parseCustomHandler(
        _ section: JSONValue,
        path: String,
        file: String,
        issues: inout IssueCollector
    ) -> CustomHandlerConfiguration? {
        guard section.objectValue != nil else {
            issues.error(
                file,
                path,
                "\(path.dropFirst(2)) is \(section.typeDescription), not an object",
                fix: #"write {"description": {"defaultExecutablePath": "handler"}}"#
            )
            return nil
        }
        let description = section["description"]
        guard let executable = description?["defaultExecutablePath"]?.stringValue, !executable.isEmpty else {
            issues.error(
                file,
                "\(path).description.defaultExecutablePath",
                "the custom handler has no description.defaultExecutablePath",
                fix: "set description.defaultExecutablePath to the handler executable, relative to the app root (e.g. \"handler\")"
            )
            return nil
        }
        var configuration = CustomHandlerConfiguration(executablePath: executable)
        if let arguments = description?["arguments"] {
            let strings = arguments.arrayValue?.compactMap(\.stringValue)
            if let strings, strings.count == arguments.arrayValue?.count {
                configuration.arguments = strings
            } else {
                issues.error(
                    file,
                    "\(path).description.arguments",
                    "description.arguments must be an array of strings",
                    fix: #"write e.g. "arguments": ["--port-from-env"]"#
                )
            }
        }
        if let directory = description?["workingDirectory"] {
            if let text = directory.stringValue {
                configuration.workingDirectory = text.isEmpty ? nil : text
            } else if directory != .null {
                issues.error(
                    file,
                    "\(path).description.workingDirectory",
                    "description.workingDirectory is \(directory.typeDescription), not a string",
                    fix: "write a folder relative to the app root, or remove it"
                )
            }
        }
        for key in ["enableForwardingHttpRequest", "enableProxyingHttpRequest"] {
            guard let flag = section[key] else { continue }
            if let value = flag.boolValue {
                configuration.enableForwardingHttpRequest = configuration.enableForwardingHttpRequest || value
            } else {
                issues.error(file, "\(path).\(key)", "\(key) is \(flag.typeDescription), not true or false", fix: "write true or false")
            }
        }
        return configuration
    }
}
