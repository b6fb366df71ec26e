/// The report of one `hearth upgrade` run: what was detected, every change, every manual step, and
/// what was written. Render it with ``json()``, ``text()`` or ``markdown()``.
///
/// The JSON form is stable for scripts (schema version 1, sorted keys, absent values omitted); see the
/// article "Upgrade report schema" in this module's documentation catalog.
public struct UpgradeReport: Sendable, Codable, Hashable {
    /// Where the upgraded app went.
    public struct Output: Sendable, Codable, Hashable {
        /// `plan` (planner only), `dry-run`, `in-place` or `out`.
        public var mode: String
        /// The folder written (`out` and `in-place`), if any file was written.
        public var directory: String?
        /// The backup of the original app (`in-place` only), if one was made.
        public var backup: String?

        /// Creates an output description.
        public init(mode: String, directory: String? = nil, backup: String? = nil) {
            self.mode = mode
            self.directory = directory
            self.backup = backup
        }
    }

    /// The files the plan creates, modifies and deletes (relative paths, sorted).
    public struct Files: Sendable, Codable, Hashable {
        public var created: [String]
        public var modified: [String]
        public var deleted: [String]
    }

    /// Counts for a quick check.
    public struct Summary: Sendable, Codable, Hashable {
        public var changes: Int
        public var blocking: Int
        public var warning: Int
        public var info: Int
    }

    /// The report format version; bump on incompatible changes.
    public var schemaVersion = 1
    /// The app folder's name.
    public var app: String
    /// The target runtime.
    public var target: String
    /// What was detected.
    public var source: UpgradeDetection
    /// Where the result went.
    public var output: Output
    /// The files touched.
    public var files: Files
    /// Every change.
    public var changes: [UpgradeChange]
    /// Every manual step.
    public var manualSteps: [ManualStep]
    /// Counts.
    public var summary: Summary
    /// The title of every rule id used in ``changes`` and ``manualSteps``.
    public var rules: [String: String]

    /// Creates a report from a plan.
    /// - Parameters:
    ///   - plan: The plan.
    ///   - app: The app folder's name (not a full path, so reports are comparable across machines).
    ///   - output: Where the result went.
    public init(plan: UpgradePlan, app: String, output: Output = Output(mode: "plan")) {
        self.app = app
        self.target = plan.target
        self.source = plan.detection
        self.output = output
        self.files = Files(created: plan.createdFiles, modified: plan.modifiedFiles, deleted: plan.deletions)
        self.changes = plan.changes
        self.manualSteps = plan.manualSteps
        func count(_ s: ManualStep.Severity) -> Int { plan.manualSteps.filter { $0.severity == s }.count }
        self.summary = Summary(changes: plan.changes.count, blocking: count(.blocking), warning: count(.warning), info: count(.info))
        let ids = Set(plan.changes.map(\.rule) + plan.manualSteps.map(\.rule))
        self.rules = Dictionary(uniqueKeysWithValues: ids.compactMap { id in UpgradeRule.named(id).map { (id, "\($0.section) \($0.title)") } })
    }
}
