public import Foundation

/// Loads and validates a function app folder (Azure Functions v2+ layout) without touching the disk itself.
///
/// Every problem is collected before anything is thrown, and each names the file, the JSON path, what is
/// wrong and the fix. Rules:
/// - `host.json` must exist at the root and say `"version": "2.0"`; otherwise the app is treated as a
///   Functions v1 app and refused with a pointer to `hearth upgrade`.
/// - Each immediate sub-folder with a `function.json` is a function named after the folder
///   (`^[A-Za-z][A-Za-z0-9_-]{0,127}$`, unique ignoring case).
/// - `bindings` must hold exactly one trigger. Triggers other than HTTP, timer and queue are errors;
///   other unknown bindings are kept and reported as warnings.
/// - `"disabled": true` is honoured with a warning (v1 only); app settings `AzureWebJobs.<Fn>.Disabled`
///   or `AzureWebJobs_<Fn>_Disabled` set to `true` or `1` disable a function.
/// - With `FUNCTIONS_WORKER_RUNTIME=custom` (or a `customHandler` section), the handler executable must
///   be in the app unless it is a bare command name (looked up on `PATH`).
/// - Two enabled HTTP functions may not serve equivalent routes with overlapping methods.
///
/// ```swift
/// let app = try FunctionAppLoader.load(files: files, settings: settings) { path in
///     try Data(contentsOf: root.appending(path: path))
/// }
/// ```
public enum FunctionAppLoader {
    /// Loads an app.
    /// - Parameters:
    ///   - files: Every file path in the app, relative to its root, with forward slashes (`"host.json"`, `"HttpHello/function.json"`).
    ///   - settings: App settings (`FUNCTIONS_WORKER_RUNTIME`, `AzureWebJobs.<Fn>.Disabled`, `%Setting%` values).
    ///   - read: Returns a file's bytes; a thrown error is reported as an issue on that file. Only
    ///     host.json and function.json files are read, and a file over ``maxDescriptorBytes`` is
    ///     refused, so a reader may stop after `maxDescriptorBytes + 1` bytes.
    /// - Returns: The app, with warnings.
    /// - Throws: ``AppValidationError`` with every error found.
    public static func load(
        files: [String],
        settings: [String: String],
        read: (String) throws -> Data
    ) throws(AppValidationError) -> FunctionApp {
        var issues = IssueCollector()
        let fileSet = Set(files.map(normalize))

        // host.json
        var host: HostConfiguration?
        if fileSet.contains("host.json") {
            if let json = readJSON("host.json", read: read, issues: &issues) {
                host = HostConfiguration.parse(json, file: "host.json", issues: &issues)
            }
        } else {
            let nested = fileSet.filter { $0.hasSuffix("/host.json") }.sorted().first
            let fix =
                nested.map { "the package has \($0); deploy the contents of '\($0.dropLast("/host.json".count))/' so that host.json is at the root" }
                ?? #"add a host.json containing {"version": "2.0"} at the root of the app"#
            issues.error("host.json", "$", "the app has no host.json at its root", fix: fix)
        }

        // Functions.
        let folders = fileSet.compactMap { path -> String? in
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            return parts.count == 2 && parts[1] == "function.json" ? String(parts[0]) : nil
        }.sorted()
        var functions: [FunctionDefinition] = []
        var seenNames: [String: String] = [:]
        for folder in folders {
            let file = "\(folder)/function.json"
            if let existing = seenNames[folder.lowercased()] {
                issues.error(
                    file,
                    "$",
                    "function '\(folder)' has the same name as '\(existing)' apart from case; function names are case-insensitive",
                    fix: "rename one of the folders"
                )
                continue
            }
            seenNames[folder.lowercased()] = folder
            guard isValidFunctionName(folder) else {
                issues.error(
                    file,
                    "$",
                    "function name '\(folder)' (the folder name) is not valid: it must start with a letter and contain only letters, digits, '_' and '-' (at most 128 characters)",
                    fix: "rename the folder, e.g. to '\(suggestedFunctionName(folder))'"
                )
                continue
            }
            guard let json = readJSON(file, read: read, issues: &issues) else { continue }
            if let function = FunctionParser(name: folder, file: file, settings: settings).parse(json, issues: &issues) {
                functions.append(function)
            }
        }
        if folders.isEmpty, host != nil {
            issues.warning(
                "host.json",
                "$",
                "the app has no functions (no <Function>/function.json files)",
                fix: "add a folder per function with a function.json"
            )
        }

        // Worker runtime and custom handler.
        let workerRuntime = setting("FUNCTIONS_WORKER_RUNTIME", in: settings)
        if let host {
            checkCustomHandler(host: host, workerRuntime: workerRuntime, files: fileSet, issues: &issues)
        }

        checkDuplicateRoutes(functions, issues: &issues)

        guard !issues.hasErrors, let host else { throw AppValidationError(issues: issues.issues) }
        return FunctionApp(host: host, functions: functions, warnings: issues.warnings, workerRuntime: workerRuntime)
    }

    /// The largest host.json or function.json accepted: 1 MiB, far beyond any real configuration,
    /// small enough that parsing one never stalls a caller.
    public static let maxDescriptorBytes = 1 << 20

    // MARK: - Helpers

    static func readJSON(_ file: String, read: (String) throws -> Data, issues: inout IssueCollector) -> JSONValue? {
        let data: Data
        do {
            data = try read(file)
        } catch {
            issues.error(file, "$", "could not read \(file): \(error)", fix: "make sure the file is in the package and readable")
            return nil
        }
        guard data.count <= maxDescriptorBytes else {
            issues.error(
                file,
                "$",
                "\(file) is larger than \(maxDescriptorBytes) bytes (1 MiB), the limit for host.json and function.json",
                fix: "keep only configuration in \(file); put data the function needs in other files of the app"
            )
            return nil
        }
        do {
            let document = try JSONDocument.parse(data, file: file)
            issues.positions[file] = document.positions
            return document.value
        } catch {
            issues.append(contentsOf: [error.issue])
            return nil
        }
    }

    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == "..", !parts.isEmpty { parts.removeLast() } else { parts.append(part) }
        }
        return parts.joined(separator: "/")
    }

    static func setting(_ name: String, in settings: [String: String]) -> String? {
        if let value = settings[name] { return value }
        let lower = name.lowercased()
        return settings.filter { $0.key.lowercased() == lower }.min(by: { $0.key < $1.key })?.value
    }

    /// Whether `name` can name a function folder: an ASCII letter, then letters, digits, `_` and `-`, at most 128.
    public static func isValidFunctionName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, bytes.count <= 128, isASCIILetter(first) else { return false }
        return bytes.allSatisfy {
            isASCIILetter($0) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
        }
    }

    private static func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") }

    private static func suggestedFunctionName(_ name: String) -> String {
        var out = String(
            name.unicodeScalars.map { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") ? Character($0) : "_" }
        )
        if out.first.map({ !($0.isASCII && $0.isLetter) }) ?? true { out = "Fn" + out }
        return String(out.prefix(128))
    }

    private static func checkCustomHandler(host: HostConfiguration, workerRuntime: String?, files: Set<String>, issues: inout IssueCollector) {
        let isCustom = workerRuntime?.lowercased() == "custom"
        guard isCustom || host.raw["customHandler"] != nil || host.raw["httpWorker"] != nil else { return }
        guard let handler = host.customHandler else {
            if isCustom, host.raw["customHandler"] == nil, host.raw["httpWorker"] == nil {
                issues.error(
                    "host.json",
                    "$.customHandler",
                    "FUNCTIONS_WORKER_RUNTIME is 'custom' but host.json has no customHandler section",
                    fix: #"add "customHandler": {"description": {"defaultExecutablePath": "handler"}} to host.json"#
                )
            }
            return  // a malformed section was already reported
        }
        let path = handler.executablePath
        let section = host.raw["customHandler"] != nil ? "customHandler" : "httpWorker"
        let jsonPath = "$.\(section).description.defaultExecutablePath"
        let appRoot = "/home/site/wwwroot/"
        if path.hasPrefix("/") && !path.hasPrefix(appRoot) { return }  // a program on the worker machine
        let relative = path.hasPrefix(appRoot) ? String(path.dropFirst(appRoot.count)) : path
        guard relative.contains("/") else {
            // A bare name: in the app root, or a command on PATH.
            return
        }
        var candidates = [normalize(relative)]
        if let directory = handler.workingDirectory, !directory.hasPrefix("/") {
            candidates.append(normalize(directory + "/" + relative))
        }
        if candidates.contains(where: { $0.hasPrefix("..") }) {
            issues.error(
                "host.json",
                jsonPath,
                "the custom handler executable '\(path)' is outside the app folder",
                fix: "put the executable inside the app and give its path relative to the app root"
            )
            return
        }
        if !candidates.contains(where: files.contains) {
            issues.error(
                "host.json",
                jsonPath,
                "missing executable: the custom handler '\(path)' is not in the app",
                fix: "build the handler into the package at '\(candidates[0])', or correct defaultExecutablePath"
            )
        }
    }

    private static func checkDuplicateRoutes(_ functions: [FunctionDefinition], issues: inout IssueCollector) {
        var seen: [(function: FunctionDefinition, http: HTTPTriggerDefinition)] = []
        for function in functions where !function.disabled {
            guard case .http(let http) = function.trigger else { continue }
            let key = http.route.equivalenceKey
            for earlier in seen where earlier.http.route.equivalenceKey == key {
                let overlap: Set<String>? =
                    switch (earlier.http.methods, http.methods) {
                    case (nil, nil): nil
                    case (let a?, nil): a
                    case (nil, let b?): b
                    case (let a?, let b?): a.intersection(b)
                    }
                guard overlap.map({ !$0.isEmpty }) ?? true else { continue }
                let methods = overlap.map { $0.sorted().joined(separator: ", ") } ?? "all methods"
                let index = function.bindings.firstIndex(where: { $0.type.lowercased() == "httptrigger" }) ?? 0
                issues.error(
                    "\(function.name)/function.json",
                    "$.bindings[\(index)].route",
                    "route '\(http.route.template)' of function '\(function.name)' duplicates route '\(earlier.http.route.template)' of function '\(earlier.function.name)' for \(methods)",
                    fix: "give one of the two functions a different route, or different methods"
                )
                break
            }
            seen.append((function, http))
        }
    }
}
