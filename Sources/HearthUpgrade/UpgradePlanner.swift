public import Foundation

/// Plans the upgrade of an in-memory v1 function app to v4. Pure: no file system, no clock.
///
/// ```swift
/// let files: [String: Data] = ["host.json": Data("{}".utf8), "Hello/function.json": …, "Hello/index.js": …]
/// let plan = try UpgradePlanner().plan(files: files)
/// for change in plan.changes { print(change.file, change.line ?? 0, change.rule) }
/// ```
///
/// Every decision comes from a rule table (``UpgradeRule/all``); planning an app that is already on v4
/// (or the planner's own output) yields no writes and no changes.
public struct UpgradePlanner: Sendable {
    /// The options.
    public var options: UpgradeOptions

    /// Creates a planner.
    /// - Parameter options: The options; the defaults target v4 and net8.0.
    public init(options: UpgradeOptions = UpgradeOptions()) {
        self.options = options
    }

    /// Plans the upgrade.
    /// - Parameter files: Every file of the app that matters (see ``isRelevant(_:)``), by path relative to
    ///   the app root with forward slashes.
    /// - Returns: The plan; apply it with ``UpgradeRunner``.
    /// - Throws: ``UpgradeError`` with code `invalidInput` (naming file, line and column) when a JSON file
    ///   does not parse or a code file is not UTF-8, `unsupportedTarget` for a target other than `v4`.
    public func plan(files: [String: Data]) throws(UpgradeError) -> UpgradePlan {
        guard UpgradeOptions.supportedTargets.contains(options.target) else {
            throw UpgradeError(code: .unsupportedTarget, message: "unsupported target \"\(options.target)\"; only v4 is supported")
        }
        let app = try AppInventory(files: files)
        let detection = Detector.detect(app)
        let b = PlanBuilder(app: app)
        guard detection.needsUpgrade else {
            b.step(
                .info,
                "app.up-to-date",
                "The app already targets v4 (host.json version 2.0, no v1 settings, bindings or code); nothing was changed.",
                fix: "Nothing to do."
            )
            return b.plan(target: options.target, detection: detection)
        }
        let languages = detection.languages.map(\.rawValue).joined(separator: ", ")
        b.step(
            .info,
            "app.detected",
            "Detected a \(detection.sourceVersion) app (\(languages.isEmpty ? "no functions found" : languages)); upgrading to \(options.target) with FUNCTIONS_WORKER_RUNTIME=\(detection.workerRuntime ?? "?").",
            fix: "Review the changes below, then build, test and deploy the upgraded app."
        )
        BehaviourNotes.languagePolicy(b, detection: detection)

        let isClassLibrary = detection.languages.contains(.csharpClassLibrary)
        FunctionJSONUpgrader.run(b, isClassLibrary: isClassLibrary)
        HostJSONUpgrader.run(b, addBundle: !isClassLibrary)
        if detection.languages.contains(.javascript) { JavaScriptUpgrader.run(b) }
        if detection.languages.contains(.csharpScript) || app.files.keys.contains(where: { $0.hasSuffix("project.json") }) {
            CSharpScriptUpgrader.run(b)
        }
        if isClassLibrary { ClassLibraryUpgrader.run(b, targetFramework: options.classLibraryFramework) }
        BehaviourNotes.run(b, detection: detection)
        AppSettingsUpgrader.run(b, workerRuntime: detection.workerRuntime, hasProxies: app.files["proxies.json"] != nil)
        if let runtime = detection.workerRuntime {
            b.impliedSettings.insert(.init(name: "FUNCTIONS_WORKER_RUNTIME", value: .literal(runtime), rule: "settings.worker-runtime"), at: 0)
        }
        b.impliedSettings.insert(.init(name: "FUNCTIONS_EXTENSION_VERSION", value: .literal("~4"), rule: "settings.extension-version"), at: 0)
        return b.plan(target: options.target, detection: detection)
    }

    /// Whether a file is read for planning: JSON configuration and function code. Build output
    /// (`bin/`, `obj/`, `node_modules/`) is skipped. ``UpgradeRunner`` reads only these files.
    /// - Parameter path: A path relative to the app root.
    public static func isRelevant(_ path: String) -> Bool {
        guard !AppInventory.isBuildOutput(path) else { return false }
        if AppInventory.isPlannedJSON(path) { return true }
        let ext = AppInventory.fileExtension(path)
        return AppInventory.isCodeFile(path) || Detector.scriptLanguages[ext] != nil
    }
}
