import Foundation
import HearthCore
import HearthRuntimes
import HearthStore
import Logging

/// Turns an uploaded zip into a deployment: check the archive, load the app with the app's current
/// settings, and only if both succeed store the package and the deployment record, create missing
/// function keys and switch the app over. Any failure before that leaves the store untouched, so the
/// previous deployment keeps serving.
struct DeploymentPipeline {
    let store: any Store
    let configuration: ManagementConfiguration

    struct Options {
        var author: String?
        var message: String?
        var activate = true
    }

    struct Outcome {
        var deployment: Deployment
        var app: LoadedApp
        var activated: Bool
    }

    func deploy(_ package: Data, to app: AppRecord, options: Options, logger: Logger) async throws -> Outcome {
        var log: [String] = []
        func note(_ line: String) { log.append("\(Date().formatted(.iso8601)) \(line)") }

        guard !package.isEmpty else {
            throw ManagementError(.invalidArchive, "the upload is empty; send the app folder zipped as the request body (Content-Type: application/zip)")
        }
        note("received \(package.count) bytes")
        let settings = try await store.settingValues(appID: app.id)
        var package = package
        var loaded = try AppInspector.load(package: package, settings: settings, limits: configuration.packageLimits)
        if settings.first(where: { $0.key.lowercased() == "functions_worker_runtime" })?.value.lowercased() == "python" {
            if let built = try await buildPython(package, note: note) {
                package = built
                loaded = try AppInspector.load(package: package, settings: settings, limits: configuration.packageLimits)
            }
        }
        let functionNames = loaded.functionNames
        note("validated: \(functionNames.count) function(s): \(functionNames.joined(separator: ", "))")
        for warning in loaded.warnings { note("warning: \(warning)") }
        if let message = options.message { note("message: \(message)") }

        let sha = SHA256Hex.of(package)
        try await store.putPackage(sha256: sha, content: package)
        note("stored package sha256:\(sha)")
        let deployment = Deployment(
            appID: app.id, packageSHA256: sha, packageSize: package.count, status: .succeeded,
            message: options.message ?? "deployed \(functionNames.count) function\(functionNames.count == 1 ? "" : "s")",
            author: options.author, functionNames: functionNames, log: log, completedAt: Date())
        try await store.createDeployment(deployment)
        if options.activate {
            try await activate(deployment, of: app)
        }
        logger.info(
            "deployment created",
            metadata: ["app": "\(app.name)", "deployment": "\(deployment.id)", "functions": "\(functionNames.count)", "active": "\(options.activate)"])
        return Outcome(deployment: deployment, app: loaded, activated: options.activate)
    }

    /// The remote build of a Python app: its `requirements.txt` installed into
    /// `.python_packages/lib/site-packages` inside the package that is stored and served. `nil` when
    /// the app needs none (no requirements.txt, or it brings its packages).
    private func buildPython(_ package: Data, note: (String) -> Void) async throws -> Data? {
        let listing = try PackageArchive.inspect(package, limits: configuration.packageLimits)
        guard listing.files.contains(RequirementsBuilder.fileName), !listing.files.contains(where: { $0.hasPrefix(".python_packages/") }) else { return nil }
        guard let runtime = configuration.pythonRuntime else {
            throw ManagementError(.validationFailed, "the app has a requirements.txt but this server has no Python runtime to install it; run `hearth runtimes install python` on the server, or deploy the app with its packages in .python_packages/lib/site-packages")
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

    /// Creates missing default keys for the deployment's functions and makes it the serving one.
    func activate(_ deployment: Deployment, of app: AppRecord) async throws {
        try await DefaultKeyProvisioner.provision(appID: app.id, functions: deployment.functionNames, store: store)
        try await store.activateDeployment(appID: app.id, deploymentID: deployment.id)
    }

    /// Loads the app of a stored deployment (for showing its functions and URLs).
    func loadStored(_ deployment: Deployment, appID: UUID) async throws -> LoadedApp {
        guard let package = try await store.package(sha256: deployment.packageSHA256) else {
            throw ManagementError(.internalError, "the package of deployment \(deployment.id) is missing from the store")
        }
        return try AppInspector.load(package: package, settings: try await store.settingValues(appID: appID), limits: configuration.packageLimits)
    }
}
