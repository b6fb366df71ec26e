/// What ``UpgradeRunner/run(appFolder:)`` did: the plan and the report (which records where things went).
public struct UpgradeOutcome: Sendable {
    /// The plan that was applied (or would have been, for a dry run).
    public var plan: UpgradePlan
    /// The report, ready to render.
    public var report: UpgradeReport
}
