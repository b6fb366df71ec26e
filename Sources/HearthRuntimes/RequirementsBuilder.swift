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
            throw RuntimeError("the app has a requirements.txt but \(problem); or deploy the app with its packages in .python_packages/lib/site-packages")
        }
        let target = folder.appendingPathComponent(PythonRuntime.packagesFolder)
        let result = try await CommandRunner.run(
            runtime.python,
            ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--no-cache-dir", "--only-binary", ":all:",
             "--target", target.path, "-r", folder.appendingPathComponent(fileName).path],
            workingDirectory: folder, timeout: timeout)
        guard result.status == 0 else {
            let tail = result.output.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.suffix(6).joined(separator: " | ")
            throw RuntimeError("installing requirements.txt failed (pip exit \(result.status)): \(tail); fix requirements.txt (only packages with wheels install), then deploy again")
        }
        return result.output
    }
}
