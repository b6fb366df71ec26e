import Foundation
import HearthCore
import HearthPackages
import HearthUpgrade
import NIOPosix

/// The upgrade of `hearth upgrade`, run on an uploaded package before it is validated: the v1
/// app's files are planned with ``UpgradePlanner`` and the plan is written into a new package.
///
/// `local.settings.json` is never applied, nor given to the planner: Azure never deploys it, and it
/// holds developers' local secrets. The settings the upgraded app needs come from the plan's
/// ``ImpliedSetting``s, resolved against the app's own settings; the local file only tells which of
/// its settings (by name) the app lacks. An upgraded package is zipped without it (as Azure deploys
/// apps, and as `hearth app deploy` zips folders); the original upload, kept as it was, still has it.
struct DeployTimeUpgrade {
    static let localSettingsFile = "local.settings.json"

    /// The package to validate and serve; `nil` when the upgrade changed nothing (the app already
    /// targets v4), so the upload serves as it is.
    var package: Data?
    /// One line per change and manual step of the report, for the deployment log's warnings.
    var warnings: [String]
    /// The settings to apply to the app with the deployment, by name, in the plan's order.
    var settings: [(name: String, value: String)]
    /// Implied settings that copy another setting the app does not have (not applied).
    var unresolved: [String]
    /// Settings `local.settings.json` has and the app lacks (names only); `nil` without the file,
    /// `[]` when it has none the app lacks.
    var localOnlySettings: [String]?
    /// Whether `local.settings.json` was there but could not be read as JSON.
    var localSettingsUnreadable = false

    /// ``run(_:settings:limits:)`` on NIO's blocking thread pool (inflating and zipping take CPU).
    static func runOffThePool(_ upload: Data, settings: [String: String], limits: PackageArchive.Limits) async throws -> DeployTimeUpgrade {
        try await NIOThreadPool.singleton.runIfActive { try run(upload, settings: settings, limits: limits) }
    }

    /// - Throws: ``PackageArchiveError`` for an unsafe zip; ``ManagementError`` (422) when the app
    ///   cannot be planned or the upgrade leaves blocking manual steps. Nothing is stored either way.
    static func run(_ upload: Data, settings: [String: String], limits: PackageArchive.Limits) throws -> DeployTimeUpgrade {
        let editor = try PackageEditor(package: upload, limits: limits)
        var files: [String: Data] = [:]
        for path in editor.listing.files where path != localSettingsFile && UpgradePlanner.isRelevant(path) {
            files[path] = try editor.data(path)
        }
        let plan: UpgradePlan
        do {
            plan = try UpgradePlanner().plan(files: files)
        } catch {
            throw ManagementError(.validationFailed, "the v1 app could not be upgraded: \(error.description); nothing was deployed")
        }
        if plan.hasBlockingSteps { throw blocked(plan) }
        let writes = plan.writes.filter { $0.key != localSettingsFile }
        let deletions = plan.deletions.filter { $0 != localSettingsFile }
        let package = writes.isEmpty && deletions.isEmpty ? nil : try editor.rewriting(writes, deleting: deletions)
        let resolved = resolve(plan.impliedSettings, current: settings)
        var result = DeployTimeUpgrade(
            package: package,
            warnings: warnings(for: plan),
            settings: resolved.apply,
            unresolved: resolved.unresolved
        )
        if let local = try editor.data(localSettingsFile) {
            let applied = Set(resolved.apply.map(\.name))
            result.localOnlySettings = localOnlyNames(local, current: settings).map { $0.filter { !applied.contains($0) } }
            result.localSettingsUnreadable = result.localOnlySettings == nil
        }
        return result
    }

    /// The 422 for a plan with blocking manual steps: the upgraded app would not run as it was.
    static func blocked(_ plan: UpgradePlan) -> ManagementError {
        let steps = plan.manualSteps.filter { $0.severity == .blocking }
        let details = steps.map { step in
            ErrorDetail(
                file: step.file ?? "(app)",
                path: step.rule,
                problem: step.message,
                fix: step.fix,
                location: step.file.map { file in step.line.map { "\(file):\($0)" } ?? file }
            )
        }
        return ManagementError(
            .validationFailed,
            "the upgrade of the v1 app left \(steps.count) blocking manual step\(steps.count == 1 ? "" : "s"); nothing was deployed. "
                + "Run 'hearth upgrade <folder>', do the steps and deploy the result. First: \(steps.first?.message ?? "")",
            details: details
        )
    }
}
