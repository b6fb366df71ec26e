package import Foundation
package import HearthCore
package import HearthStore
package import Logging

/// Turns an uploaded zip into a deployment: check the archive, load the app with the app's current
/// settings, and only if both succeed store the package and the deployment record, create missing
/// function keys and switch the app over. Any failure before that leaves the store untouched, so the
/// previous deployment keeps serving.
package struct DeploymentPipeline {
    let store: any ManagementStore
    let configuration: ManagementConfiguration

    package init(store: any ManagementStore, configuration: ManagementConfiguration) {
        self.store = store
        self.configuration = configuration
    }

    package struct Options {
        var author: String?
        var message: String?
        var activate = true
        /// When set, the new deployment is activated only while this one still serves (the portal's
        /// code editor saves an edit of it); otherwise ``Outcome/activated`` is `false`.
        var replacing: UUID?
        /// The request's `upgrade=true`: upgrade a v1 app on the way in (``V1UpgradePolicy``).
        var upgrade = false

        package init(author: String? = nil, message: String? = nil, activate: Bool = true, replacing: UUID? = nil, upgrade: Bool = false) {
            self.author = author
            self.message = message
            self.activate = activate
            self.replacing = replacing
            self.upgrade = upgrade
        }
    }

    package struct Outcome {
        package var deployment: Deployment
        var app: ValidatedPackage
        package var activated: Bool
    }

    package func deploy(_ package: Data, to app: AppRecord, options: Options, logger: Logger) async throws -> Outcome {
        do {
            let outcome = try await run(package, to: app, options: options, logger: logger)
            configuration.metrics.deployed(succeeded: outcome.deployment.status == .succeeded)
            return outcome
        } catch {
            configuration.metrics.deployed(succeeded: false)
            throw error
        }
    }

    private func run(_ package: Data, to app: AppRecord, options: Options, logger: Logger) async throws -> Outcome {
        var log: [String] = []
        func note(_ line: String) { log.append("\(UTCTimestamp.iso8601(Date())) \(line)") }

        guard !package.isEmpty else {
            throw ManagementError(
                .invalidArchive,
                "the upload is empty; send the app folder zipped as the request body (Content-Type: application/zip)"
            )
        }
        note("received \(package.count) bytes")
        let settings = try await store.settingValues(appID: app.id)
        let prepared = try await PreparedPackage.prepare(
            package,
            settings: settings,
            upgradeRequested: options.upgrade,
            configuration: configuration,
            note: note
        )
        let package = prepared.package
        let loaded = prepared.app
        let functionNames = loaded.functionNames
        note("validated: \(functionNames.count) function(s): \(functionNames.joined(separator: ", "))")
        for warning in loaded.warnings { note("warning: \(warning)") }
        if let message = options.message { note("message: \(message)") }

        let (sha, originalSHA) = try await prepared.storePackages(in: store, note: note)
        var deployment = Deployment(
            appID: app.id,
            packageSHA256: sha,
            packageSize: package.count,
            status: .succeeded,
            message: options.message ?? "deployed \(functionNames.count) function\(functionNames.count == 1 ? "" : "s")",
            author: options.author,
            functionNames: functionNames,
            log: log,
            completedAt: Date()
        )
        deployment.originalPackageSHA256 = originalSHA
        // The settings the upgrade implies go in with the record, in one transaction, or not at all.
        try await store.createDeployment(deployment, applying: prepared.settings)
        var activated = false
        if options.activate, let expected = options.replacing {
            activated = try await activate(deployment, of: app, replacing: expected)
            if !activated {
                // Another deployment went live since the one this edit was based on. This one never
                // served, and must not be re-activated later over the other's changes.
                deployment.status = .failed
                deployment.log += [
                    "\(UTCTimestamp.iso8601(Date())) not activated: deployment \(expected) no longer serves the app (another change went live first)"
                ]
                try await store.updateDeployment(deployment)
            }
        } else if options.activate {
            try await activate(deployment, of: app)
            activated = true
        }
        logger.info(
            "deployment created",
            metadata: [
                "app": "\(app.name)", "deployment": "\(deployment.id)", "functions": "\(functionNames.count)", "active": "\(activated)",
            ]
        )
        return Outcome(deployment: deployment, app: loaded, activated: activated)
    }

    /// Creates missing default keys for the deployment's functions and makes it the serving one.
    package func activate(_ deployment: Deployment, of app: AppRecord) async throws {
        try await DefaultKeyProvisioner.provision(appID: app.id, functions: deployment.functionNames, store: store)
        try await store.activateDeployment(appID: app.id, deploymentID: deployment.id)
    }

    /// Like ``activate(_:of:)``, but only while `expected` still serves (the store compares and
    /// sets in one transaction); `false` when another deployment serves now.
    package func activate(_ deployment: Deployment, of app: AppRecord, replacing expected: UUID) async throws -> Bool {
        try await DefaultKeyProvisioner.provision(appID: app.id, functions: deployment.functionNames, store: store)
        return try await store.activateDeployment(appID: app.id, deploymentID: deployment.id, replacing: expected)
    }

    /// Loads the app of a stored deployment (for showing its functions and URLs), parsed once per
    /// package digest and settings.
    package func loadStored(_ deployment: Deployment, appID: UUID, cache: ValidatedPackageCache) async throws -> ValidatedPackage {
        try await loadStored(deployment, settings: try await store.settingValues(appID: appID), cache: cache)
    }

    /// ``loadStored(_:appID:cache:)`` with the app's settings (name → value) read already.
    package func loadStored(_ deployment: Deployment, settings: [String: String], cache: ValidatedPackageCache) async throws -> ValidatedPackage {
        try await cache.app(packageSHA256: deployment.packageSHA256, settings: settings) {
            guard let package = try await store.package(sha256: deployment.packageSHA256) else {
                throw ManagementError(.internalError, "the package of deployment \(deployment.id) is missing from the store")
            }
            return try await AppInspector.loadOffThePool(package: package, settings: settings, limits: configuration.packageLimits)
        }
    }
}
