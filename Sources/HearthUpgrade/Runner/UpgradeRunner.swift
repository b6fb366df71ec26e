public import Foundation
import HearthCore

/// Reads an app folder, plans its upgrade with ``UpgradePlanner`` and applies the plan.
///
/// Modes:
/// - **dry run** (``Configuration/dryRun``): nothing is written.
/// - **out** (``Configuration/outputDirectory``): the whole app is copied to the (new or empty) folder
///   and upgraded there; the original is untouched.
/// - **in place** (default): when the plan changes anything, the app folder is first copied to a
///   sibling backup folder `<app>.v1-backup-<yyyyMMdd-HHmmss>` (a sibling, so the backup is never
///   deployed with the app), then files are written atomically and obsolete ones removed. An app that
///   needs no change is not touched and gets no backup.
///
/// Parsing happens before any write, so input that cannot be parsed leaves everything as it was.
///
/// ```swift
/// let outcome = try UpgradeRunner().run(appFolder: URL(fileURLWithPath: "MyApp"))
/// print(outcome.report.text())
/// ```
public struct UpgradeRunner: Sendable {
    /// The configuration.
    public var configuration: Configuration

    /// Creates a runner.
    /// - Parameter configuration: How to apply the plan.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Plans and applies the upgrade of one app folder.
    /// - Parameter appFolder: The app root (the folder holding host.json).
    /// - Returns: The plan and the report.
    /// - Throws: ``UpgradeError``; nothing is written when planning fails.
    public func run(appFolder: URL) throws(UpgradeError) -> UpgradeOutcome {
        let app = appFolder.standardizedFileURL
        let files = try Self.readApp(app)
        let plan = try UpgradePlanner(options: configuration.options).plan(files: files)
        let name = app.lastPathComponent
        if configuration.dryRun {
            return UpgradeOutcome(plan: plan, report: UpgradeReport(plan: plan, app: name, output: .init(mode: "dry-run")))
        }
        if let out = configuration.outputDirectory?.standardizedFileURL {
            try prepareOutput(out, app: app)
            try copy(app, to: out, skipping: Set(plan.deletions))
            try apply(plan, to: out, deleting: false)
            return UpgradeOutcome(plan: plan, report: UpgradeReport(plan: plan, app: name, output: .init(mode: "out", directory: out.path)))
        }
        guard !plan.isEmpty else {
            return UpgradeOutcome(plan: plan, report: UpgradeReport(plan: plan, app: name, output: .init(mode: "in-place")))
        }
        let backup = backupURL(for: app)
        try copy(app, to: backup, skipping: [])
        try apply(plan, to: app, deleting: true)
        return UpgradeOutcome(
            plan: plan,
            report: UpgradeReport(plan: plan, app: name, output: .init(mode: "in-place", directory: app.path, backup: backup.path))
        )
    }

    /// Reads every file ``UpgradePlanner/isRelevant(_:)`` wants, by relative path.
    /// - Parameter folder: The app root.
    public static func readApp(_ folder: URL) throws(UpgradeError) -> [String: Data] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw UpgradeError(code: .notAFunctionApp, message: "no such folder", file: folder.path)
        }
        var files: [String: Data] = [:]
        let root = folder.path.hasSuffix("/") ? folder.path : folder.path + "/"
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else {
            throw UpgradeError(code: .readFailed, message: "cannot list the folder", file: folder.path)
        }
        while let relative = walker.nextObject() as? String {
            let path = relative.replacingOccurrences(of: "\\", with: "/")
            if AppInventory.isBuildOutput(path + "/") || path.hasPrefix(".git") {
                walker.skipDescendants()
                continue
            }
            guard UpgradePlanner.isRelevant(path) else { continue }
            do {
                files[path] = try Data(contentsOf: URL(fileURLWithPath: root + relative))
            } catch {
                throw UpgradeError(code: .readFailed, message: "cannot read the file", file: path, cause: error)
            }
        }
        let isApp = files["host.json"] != nil || files.keys.contains { $0.hasSuffix("/function.json") || $0.hasSuffix(".csproj") }
        guard isApp else {
            throw UpgradeError(
                code: .notAFunctionApp,
                message: "no host.json, function.json or .csproj found; is this a function app folder?",
                file: folder.path
            )
        }
        return files
    }

    private func backupURL(for app: URL) -> URL {
        let base = "\(app.lastPathComponent).v1-backup-\(UTCTimestamp.compact(configuration.now()))"
        var candidate = app.deletingLastPathComponent().appendingPathComponent(base)
        var n = 2
        while FileManager.default.fileExists(atPath: candidate.path) {
            candidate = app.deletingLastPathComponent().appendingPathComponent("\(base)-\(n)")
            n += 1
        }
        return candidate
    }

    private func prepareOutput(_ out: URL, app: URL) throws(UpgradeError) {
        if out.path == app.path || out.path.hasPrefix(app.path + "/") {
            throw UpgradeError(code: .outputNotEmpty, message: "the output folder must not be inside the app folder", file: out.path)
        }
        let fm = FileManager.default
        if fm.fileExists(atPath: out.path) {
            let contents = (try? fm.contentsOfDirectory(atPath: out.path)) ?? ["?"]
            guard contents.isEmpty else {
                throw UpgradeError(code: .outputNotEmpty, message: "the output folder exists and is not empty", file: out.path)
            }
            do { try fm.removeItem(at: out) } catch {
                throw UpgradeError(code: .writeFailed, message: "cannot use the output folder", file: out.path, cause: error)
            }
        }
    }

    private func copy(_ source: URL, to destination: URL, skipping: Set<String>) throws(UpgradeError) {
        do {
            try FileManager.default.copyItem(at: source, to: destination)
            for path in skipping { try? FileManager.default.removeItem(at: destination.appendingPathComponent(path)) }
        } catch {
            throw UpgradeError(code: .writeFailed, message: "cannot copy the app", file: destination.path, cause: error)
        }
    }

    private func apply(_ plan: UpgradePlan, to root: URL, deleting: Bool) throws(UpgradeError) {
        for (path, data) in plan.writes.sorted(by: { $0.key < $1.key }) {
            let url = root.appendingPathComponent(path)
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url, options: .atomic)
            } catch {
                throw UpgradeError(code: .writeFailed, message: "cannot write the file", file: path, cause: error)
            }
        }
        guard deleting else { return }
        for path in plan.deletions {
            do { try FileManager.default.removeItem(at: root.appendingPathComponent(path)) } catch {
                throw UpgradeError(code: .writeFailed, message: "cannot remove the file", file: path, cause: error)
            }
        }
    }
}
