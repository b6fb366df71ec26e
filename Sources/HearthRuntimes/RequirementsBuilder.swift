public import Foundation

/// Installs a Python app's `requirements.txt` into its own package folder
/// (`.python_packages/lib/site-packages`), as Azure's remote build does at deploy time; the worker
/// finds it on `PYTHONPATH`. Only wheels are accepted (`--only-binary :all:`): building an sdist
/// would run the package's own setup code on the management host.
public enum RequirementsBuilder {
    public static let fileName = "requirements.txt"

    /// Whether the unpacked app at `folder` needs a build: it has `requirements.txt` at its root
    /// and does not already bring `.python_packages`.
    public static func needsBuild(_ folder: URL) -> Bool {
        let fm = FileManager.default
        return fm.fileExists(atPath: folder.appendingPathComponent(fileName).path)
            && !fm.fileExists(atPath: folder.appendingPathComponent(".python_packages").path)
    }

    /// Runs pip for the app at `folder`; returns pip's output for the deployment log.
    /// - Throws: ``RuntimeError`` naming the problem (pip's last lines) and the fix.
    public static func build(_ folder: URL, runtime: PythonRuntime, timeout: Duration = .seconds(600)) async throws -> [String] {
        if let problem = runtime.problem {
            throw RuntimeError(
                "the app has a requirements.txt but \(problem); or deploy the app with its packages in .python_packages/lib/site-packages"
            )
        }
        try check(requirements: String(decoding: try Data(contentsOf: folder.appendingPathComponent(fileName)), as: UTF8.self), in: folder)
        let target = folder.appendingPathComponent(PythonRuntime.packagesFolder)
        let result = try await CommandRunner.run(
            runtime.python,
            [
                "-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--no-cache-dir", "--only-binary", ":all:",
                "--target", target.path, "-r", folder.appendingPathComponent(fileName).path,
            ],
            workingDirectory: folder,
            environment: pipEnvironment(),
            timeout: timeout
        )
        guard result.status == 0 else {
            let tail = result.output.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.suffix(6).joined(separator: " | ")
            throw RuntimeError(
                "installing requirements.txt failed (pip exit \(result.status)): \(tail); fix requirements.txt (only packages with wheels install), then deploy again"
            )
        }
        return result.output
    }

    /// Refuses what would let a deployer steer pip on the management host: options (`-r`, `-c`,
    /// `-e`, `--index-url`, `--no-binary` …), URLs and VCS or `@` direct references, and paths other
    /// than wheels inside the app. Package names with extras, versions and markers pass, and so do
    /// wheels the app ships (`./wheels/x-1.0-py3-none-any.whl`).
    static func check(requirements text: String, in folder: URL) throws {
        var logical: [(line: Int, text: String)] = []
        var pending = ""
        var start = 0
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = String(raw).trimmingCharacters(in: .whitespaces)
            if pending.isEmpty { start = index + 1 }
            if line.hasSuffix("\\") {
                line.removeLast()
                pending += line + " "
                continue
            }
            logical.append((start, pending + line))
            pending = ""
        }
        for (number, entry) in logical {
            var line = entry
            if let hash = line.range(of: " #") ?? (line.hasPrefix("#") ? line.range(of: "#") : nil) { line = String(line[..<hash.lowerBound]) }
            line = line.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            func refuse(_ why: String) -> RuntimeError {
                RuntimeError(
                    "requirements.txt line \(number) ('\(line.prefix(80))'): \(why); name packages (with versions), or ship wheels in the app and name their relative paths, then deploy again"
                )
            }
            if line.hasPrefix("-") { throw refuse("pip options are not accepted") }
            let lower = line.lowercased()
            if lower.contains("://") || lower.contains(" @ ") || lower.contains("@ ")
                || ["git+", "hg+", "svn+", "bzr+"].contains(where: lower.hasPrefix)
            {
                throw refuse("URLs and direct references are not accepted")
            }
            if line.contains("/") || line.contains("\\") || lower.hasSuffix(".whl") {
                let path = line.replacingOccurrences(of: "\\", with: "/")
                let resolved = folder.appendingPathComponent(path).standardizedFileURL.path
                guard !path.hasPrefix("/"), !path.hasPrefix("~"), lower.hasSuffix(".whl"), resolved.hasPrefix(folder.standardizedFileURL.path + "/")
                else {
                    throw refuse("only wheel files inside the app may be named by path")
                }
                continue
            }
            guard let first = line.unicodeScalars.first, CharacterSet.alphanumerics.contains(first) else {
                throw refuse("this is not a package name")
            }
        }
    }

    /// pip's environment: not Hearth's. The machine's pip configuration (`/etc/pip.conf`, `PIP_*`
    /// variables, proxies) still applies.
    static func pipEnvironment() -> [String: String] {
        var environment = ["PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": FileManager.default.temporaryDirectory.path]
        for (name, value) in ProcessInfo.processInfo.environment
        where name.hasPrefix("PIP_") || ["http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY"].contains(name) {
            environment[name] = value
        }
        return environment
    }
}
