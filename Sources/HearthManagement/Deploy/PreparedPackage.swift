import Foundation
import HearthCore
import HearthPackages
import HearthStore

/// An upload made ready to store, by every deploy path (the API, the CLI, Kudu, the portal): upgraded
/// when it is a v1 app and the app or the request asks for it (``V1UpgradePolicy``), validated with
/// the settings the deployment will give the app, and built (Python's remote build).
///
/// Preparing stores nothing and changes no setting: the caller stores the packages, and applies
/// ``settings`` in the same store transaction as the deployment record.
struct PreparedPackage {
    /// The package that serves.
    var package: Data
    /// The upload as it was, when the upgrade changed it (kept and downloadable).
    var original: Data?
    /// The app in ``package``.
    var app: ValidatedPackage
    /// Settings to apply to the app with the deployment (from the upgrade).
    var settings: [AppSetting]

    /// - Parameters:
    ///   - upload: The zip as received.
    ///   - settings: The app's current settings.
    ///   - upgradeRequested: The request's `upgrade=true`.
    ///   - note: Appends a line to the deployment log.
    /// - Throws: ``AppValidationError`` (a refused v1 app's names both ways to upgrade),
    ///   ``PackageArchiveError``, ``ManagementError``.
    static func prepare(
        _ upload: Data,
        settings: [String: String],
        upgradeRequested: Bool,
        configuration: ManagementConfiguration,
        note: (String) -> Void
    ) async throws -> PreparedPackage {
        let limits = configuration.packageLimits
        let decision = V1UpgradePolicy.decide(requested: upgradeRequested, settings: settings)
        var package = upload
        var original: Data?
        var effective = settings
        var apply: [AppSetting] = []
        if case .upgrade(let reason) = decision {
            note("upgrade: \(reason); running the upgrade of 'hearth upgrade' on the package")
            let upgrade = try await DeployTimeUpgrade.runOffThePool(upload, settings: settings, limits: limits)
            for line in upgrade.warnings { note("warning: \(line)") }
            if let upgraded = upgrade.package {
                package = upgraded
                original = upload
                note("upgrade: upgraded package of \(upgraded.count) bytes; the original upload is kept")
            } else {
                note("upgrade: nothing to change; the package is deployed as uploaded")
            }
            for setting in upgrade.settings {
                effective[setting.name] = setting.value
                apply.append(AppSetting(name: setting.name, value: setting.value, isSecret: false))
            }
            for name in upgrade.unresolved {
                note("warning: upgrade: \(name) is not set: the setting it copies is not an app setting")
            }
            if upgrade.localSettingsUnreadable {
                note("warning: local.settings.json is not JSON; it is not applied (it never is)")
            } else if let names = upgrade.localOnlySettings, !names.isEmpty {
                note(
                    "warning: local.settings.json is not applied; it has settings the app lacks: \(names.joined(separator: ", ")) "
                        + "(set those the app needs as app settings)"
                )
            }
        }
        var loaded: ValidatedPackage
        do {
            loaded = try await AppInspector.validateOffThePool(package: package, settings: effective, limits: limits)
        } catch let error as AppValidationError where decision == .asUploaded {
            throw V1UpgradePolicy.refusal(error)
        }
        if let built = try await PythonRemoteBuild(configuration: configuration).build(package, settings: effective, note: note) {
            package = built
            loaded = try await AppInspector.validateOffThePool(package: package, settings: effective, limits: limits)
        }
        for setting in apply { note("app setting \(setting.name) set by the upgrade") }
        return PreparedPackage(package: package, original: original, app: loaded, settings: apply)
    }

    /// Stores the package that serves and, after an upgrade, the original upload (both by digest,
    /// idempotent); returns their digests for the deployment record.
    func storePackages(in store: any ManagementStore, note: (String) -> Void) async throws -> (served: String, original: String?) {
        let sha = SHA256Hex.of(package)
        try await store.putPackage(sha256: sha, content: package)
        note("stored package sha256:\(sha)")
        guard let original else { return (sha, nil) }
        let digest = SHA256Hex.of(original)
        try await store.putPackage(sha256: digest, content: original)
        note("stored the original upload sha256:\(digest)")
        return (sha, digest)
    }
}
