import Foundation
import HearthPackages
import HearthRuntimes

/// The remote build of deployments (zip deploy through the API, the CLI or Kudu): a Python app's
/// `requirements.txt` installed into the package before it is stored.
struct PythonRemoteBuild {
    let configuration: ManagementConfiguration

    /// The remote build of a Python app (`FUNCTIONS_WORKER_RUNTIME=python`): its `requirements.txt` installed into
    /// `.python_packages/lib/site-packages` inside the package that is stored and served. `nil` when
    /// the app needs none (no requirements.txt, or it brings its packages).
    func build(_ package: Data, settings: [String: String], note: (String) -> Void) async throws -> Data? {
        guard settings.first(where: { $0.key.lowercased() == "functions_worker_runtime" })?.value.lowercased() == "python" else { return nil }
        let listing = try PackageArchive.inspect(package, limits: configuration.packageLimits)
        guard listing.files.contains(RequirementsBuilder.fileName), !listing.files.contains(where: { $0.hasPrefix(".python_packages/") }) else {
            return nil
        }
        guard let runtime = configuration.pythonRuntime else {
            throw ManagementError(
                .validationFailed,
                "the app has a requirements.txt but this server has no Python runtime to install it; run `hearth runtimes install python` on the server, or deploy the app with its packages in .python_packages/lib/site-packages"
            )
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-build-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try PackageArchive.extract(package, to: folder, limits: configuration.packageLimits)
        note("installing requirements.txt into \(PythonRuntime.packagesFolder)")
        let output: [String]
        do {
            output = try await RequirementsBuilder.build(folder, runtime: runtime)
        } catch let error as RuntimeError {
            throw ManagementError(.validationFailed, error.description)
        }
        for line in output where line.hasPrefix("Successfully installed") { note(line) }
        let built = try PackageArchive.zipFolder(folder)
        note("built package: \(built.count) bytes")
        return built
    }
}
