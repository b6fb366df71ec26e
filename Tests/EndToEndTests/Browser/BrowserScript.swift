import Foundation

/// A browser scenario script (`Tests/Browser/NAME.py`, built on `hearth_browser.py`) run against a
/// running Hearth in headless Chromium, and what it reported.
///
/// Needs Debian's `chromium` and `chromium-driver` and a venv with Selenium
/// (`.build/browser-venv`), which `scripts/test.sh` installs. Without them the browser suites fail
/// saying how to install them, unless `HEARTH_SKIP_BROWSER=1` is set (then they are skipped).
struct BrowserScript {
    /// What one run printed and how it ended.
    struct Outcome {
        var status: Int32
        /// The JSON object the script printed last on stdout (`[:]` if there was none).
        var report: [String: Any]
        /// The script's stderr: tracebacks of failed scenarios, Python's own errors.
        var log: String

        /// The entry of the scenario `name` in the report.
        func scenario(_ name: String) -> [String: Any]? {
            (report["scenarios"] as? [[String: Any]])?.first { $0["name"] as? String == name }
        }

        func passed(_ name: String) -> Bool { scenario(name)?["passed"] as? Bool == true }

        /// Everything, for a failed expectation's message.
        var description: String {
            let json = try? JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
            let text = json.map { String(decoding: $0, as: UTF8.self) } ?? "none"
            return "exit status \(status)\nreport: \(text)\nstderr:\n\(log)"
        }
    }

    /// Debian's browser and driver (`HEARTH_CHROMIUM`, `HEARTH_CHROMEDRIVER` override them, here and in
    /// `hearth_browser.py`, which gets them through the environment).
    static var chromium: String { ProcessInfo.processInfo.environment["HEARTH_CHROMIUM"] ?? "/usr/bin/chromium" }
    static var chromedriver: String { ProcessInfo.processInfo.environment["HEARTH_CHROMEDRIVER"] ?? "/usr/bin/chromedriver" }

    /// `HEARTH_SKIP_BROWSER=1`: the browser suites are skipped (for machines that cannot have Chromium).
    static var skipped: Bool { ProcessInfo.processInfo.environment["HEARTH_SKIP_BROWSER"] == "1" }

    /// The venv's Python with Selenium: `HEARTH_BROWSER_PYTHON`, else `.build/browser-venv/bin/python`.
    static var python: String {
        ProcessInfo.processInfo.environment["HEARTH_BROWSER_PYTHON"]
            ?? HearthServer.packageRoot.appendingPathComponent(".build/browser-venv/bin/python").path
    }

    /// Where failing pages are kept (a screenshot and the page source per failed scenario).
    static var failuresDirectory: URL { HearthServer.packageRoot.appendingPathComponent(".build/browser-failures") }

    /// Throws, saying how to install them, when Chromium, its driver or the Selenium venv is missing.
    static func requirePrerequisites(
        chromium: String = BrowserScript.chromium,
        chromedriver: String = BrowserScript.chromedriver,
        python: String = BrowserScript.python
    ) throws {
        let missingPackages = [chromium, chromedriver].filter { !FileManager.default.isExecutableFile(atPath: $0) }
        if !missingPackages.isEmpty {
            throw TestFailure(
                "the browser tests need Debian's chromium and chromium-driver (\(missingPackages.joined(separator: ", ")) missing): "
                    + "run scripts/test.sh, which installs them, or `apt-get install chromium chromium-driver`; "
                    + "HEARTH_SKIP_BROWSER=1 skips the browser suites"
            )
        }
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw TestFailure(
                "the browser tests need Selenium in a venv at \(python): run scripts/test.sh, or scripts/browser-venv.sh; "
                    + "HEARTH_SKIP_BROWSER=1 skips the browser suites"
            )
        }
    }

    /// The script, e.g. `harness_self_test` for `Tests/Browser/harness_self_test.py`.
    let name: String

    var path: String { HearthServer.packageRoot.appendingPathComponent("Tests/Browser/\(name).py").path }

    /// Runs the script's `scenarios` (all of them when empty) against `server`'s management API, in
    /// one browser, with the admin token in the script's environment (`HEARTH_TOKEN`).
    /// - Parameters:
    ///   - failuresDirectory: Where failing pages are kept (``failuresDirectory`` unless given).
    ///   - limit: The script is killed after this long (a hung browser must not hang CI).
    ///   - extra: More environment for the script (what a scenario needs to know, e.g. a setup link).
    func run(
        against server: HearthServer,
        scenarios: [String] = [],
        failuresDirectory: URL = BrowserScript.failuresDirectory,
        limit: Duration = .seconds(180),
        environment extra: [String: String] = [:]
    ) async throws -> Outcome {
        try await run(
            managementURL: server.managementURL,
            workerURL: server.workerURL,
            token: server.token,
            scenarios: scenarios,
            failuresDirectory: failuresDirectory,
            limit: limit,
            environment: extra
        )
    }

    /// Runs the script's `scenarios` against the management API at `managementURL` (the script's
    /// `--base-url`); `workerURL` and `token` reach it as `HEARTH_WORKER_URL` and `HEARTH_TOKEN`.
    func run(
        managementURL: String,
        workerURL: String = "",
        token: String = "",
        scenarios: [String] = [],
        failuresDirectory: URL = BrowserScript.failuresDirectory,
        limit: Duration = .seconds(180),
        environment extra: [String: String] = [:]
    ) async throws -> Outcome {
        try Self.requirePrerequisites()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments =
            [path, "--base-url", managementURL, "--failures-dir", failuresDirectory.path]
            + scenarios.flatMap { ["--scenario", $0] }
        var environment = ProcessInfo.processInfo.environment
        environment["HEARTH_TOKEN"] = token
        environment["HEARTH_WORKER_URL"] = workerURL
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        for (name, value) in extra { environment[name] = value }
        process.environment = environment
        process.currentDirectoryURL = HearthServer.packageRoot
        // Files, not pipes: nothing to drain while waiting, however much Chromium or Python print.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let stdoutURL = scratch.appendingPathComponent("stdout")
        let stderrURL = scratch.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        let stdout = try FileHandle(forWritingTo: stdoutURL)
        let stderr = try FileHandle(forWritingTo: stderrURL)
        defer {
            try? stdout.close()
            try? stderr.close()
        }
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice

        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
                return
            }
            let seconds = Double(limit.components.seconds)
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [process] in
                if process.isRunning { process.terminate() }
            }
        }
        let output = String(decoding: (try? Data(contentsOf: stdoutURL)) ?? Data(), as: UTF8.self)
        let log = String(decoding: (try? Data(contentsOf: stderrURL)) ?? Data(), as: UTF8.self)
        let lastLine = output.split(separator: "\n").last.map(String.init) ?? ""
        let report = (try? JSONSerialization.jsonObject(with: Data(lastLine.utf8))) as? [String: Any] ?? [:]
        return Outcome(status: status, report: report, log: output.isEmpty ? log : "\(log)\nstdout:\n\(output)")
    }
}
