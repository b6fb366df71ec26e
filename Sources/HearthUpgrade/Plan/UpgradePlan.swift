public import Foundation

/// The result of planning an upgrade: new file contents, every change, every manual step.
///
/// A plan is pure data; ``UpgradeRunner`` writes it. An app that is already on v4 gets a plan with no
/// ``writes``, no ``deletions`` and no ``changes``.
public struct UpgradePlan: Sendable {
    /// The target runtime, `v4`.
    public var target: String
    /// What was detected.
    public var detection: UpgradeDetection
    /// The new contents of every file that is created or modified, by relative path.
    public var writes: [String: Data]
    /// Files to delete (e.g. `project.json` once `function.proj` replaces it), relative paths, sorted.
    public var deletions: [String]
    /// Every change, ordered by file then line.
    public var changes: [UpgradeChange]
    /// Every manual step, ordered by severity, file, line.
    public var manualSteps: [ManualStep]

    /// Creates a plan.
    /// - Parameters:
    ///   - target: The target runtime.
    ///   - detection: What was detected.
    ///   - writes: New file contents.
    ///   - deletions: Files to delete.
    ///   - changes: The changes.
    ///   - manualSteps: The manual steps.
    ///   - createdFiles: The paths in `writes` that are new.
    public init(
        target: String,
        detection: UpgradeDetection,
        writes: [String: Data],
        deletions: [String],
        changes: [UpgradeChange],
        manualSteps: [ManualStep],
        createdFiles: [String] = []
    ) {
        self.createdFiles = createdFiles.sorted()
        self.target = target
        self.detection = detection
        self.writes = writes
        self.deletions = deletions
        self.changes = changes
        self.manualSteps = manualSteps
    }

    /// Whether applying the plan touches any file.
    public var isEmpty: Bool { writes.isEmpty && deletions.isEmpty }

    /// Whether blocking manual steps remain (the CLI then exits with status 1).
    public var hasBlockingSteps: Bool { manualSteps.contains { $0.severity == .blocking } }

    /// The app settings the upgraded app needs on the server (empty when nothing is upgraded).
    public var impliedSettings: [ImpliedSetting] = []

    /// The paths in ``writes`` that did not exist before, sorted.
    public var createdFiles: [String]

    /// The paths in ``writes`` that existed before, sorted.
    public var modifiedFiles: [String] { writes.keys.filter { !createdFiles.contains($0) }.sorted() }
}
