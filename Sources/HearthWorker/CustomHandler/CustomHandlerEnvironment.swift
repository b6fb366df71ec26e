import Foundation

/// The environment and command line of a custom handler process.
enum CustomHandlerEnvironment {
    /// The only variables a handler gets besides its app's settings: nothing of Hearth's own environment.
    static let base: [String: String] = [
        "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "LANG": "C.UTF-8",
    ]

    /// What every app process starts from, whatever its language: ``base``, `HOME`, the app's settings.
    static func app(settings: [String: String]) -> [String: String] {
        var environment = base
        environment["HOME"] = "/tmp"
        for (name, value) in settings { environment[name] = value }
        return environment
    }

    static func make(settings: [String: String], port: Int, workerID: String, appRoot: String) -> [String: String] {
        var environment = app(settings: settings)
        environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = String(port)
        environment["FUNCTIONS_HTTPWORKER_PORT"] = String(port)
        environment["FUNCTIONS_CUSTOMHANDLER_WORKER_ID"] = workerID
        environment["FUNCTIONS_HTTPWORKER_ID"] = workerID
        environment["FUNCTIONS_APP_ROOT_PATH"] = appRoot
        environment["AzureWebJobsScriptRoot"] = appRoot
        environment["FUNCTIONS_WORKER_RUNTIME"] = settings["FUNCTIONS_WORKER_RUNTIME"] ?? "custom"
        return environment
    }

    /// `%NAME%` replaced by the environment's value (unknown names are left as written, as the host does).
    static func expand(_ argument: String, environment: [String: String]) -> String {
        var result = ""
        var rest = Substring(argument)
        while let open = rest.firstIndex(of: "%") {
            result += rest[rest.startIndex..<open]
            let after = rest.index(after: open)
            guard let close = rest[after...].firstIndex(of: "%") else {
                result += rest[open...]
                return result
            }
            let name = String(rest[after..<close])
            if let value = environment[name], !name.isEmpty { result += value } else { result += rest[open...close] }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    /// `defaultExecutablePath`: absolute; relative to the app root when it has a `/` or exists
    /// there; else a command on the handler's `PATH`.
    static func resolveExecutable(_ path: String, appRoot: URL, environment: [String: String]) throws -> String {
        let fm = FileManager.default
        if path.hasPrefix("/") {
            guard fm.isExecutableFile(atPath: path) else {
                throw WorkerError(.launchFailed, "customHandler.description.defaultExecutablePath '\(path)' does not exist or is not executable")
            }
            return path
        }
        let inApp = appRoot.appendingPathComponent(path).standardizedFileURL.path
        if path.contains("/") || fm.fileExists(atPath: inApp) {
            guard fm.fileExists(atPath: inApp) else {
                throw WorkerError(
                    .launchFailed,
                    "customHandler.description.defaultExecutablePath '\(path)' is not in the deployment; deploy it with the app"
                )
            }
            if !fm.isExecutableFile(atPath: inApp) {
                // Zips made on Windows lose the executable bit; the deployment copy is Hearth's own.
                try? fm.setAttributes([.posixPermissions: NSNumber(value: 0o755)], ofItemAtPath: inApp)
            }
            return inApp
        }
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(directory)/\(path)"
            if fm.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw WorkerError(
            .launchFailed,
            "customHandler.description.defaultExecutablePath '\(path)' is neither in the deployment nor on PATH (\(environment["PATH"] ?? ""))"
        )
    }
}
