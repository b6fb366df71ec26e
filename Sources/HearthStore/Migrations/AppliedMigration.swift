public import Foundation

/// A row of the migration journal: what was applied, by whom, when and how long it took.
public struct AppliedMigration: Sendable, Hashable {
    public var version: Int
    public var description: String
    public var checksum: String
    public var appliedBy: String
    public var appliedAt: Date
    public var durationMilliseconds: Int
    public var success: Bool

    public init(version: Int, description: String, checksum: String, appliedBy: String, appliedAt: Date, durationMilliseconds: Int, success: Bool) {
        self.version = version
        self.description = description
        self.checksum = checksum
        self.appliedBy = appliedBy
        self.appliedAt = appliedAt
        self.durationMilliseconds = durationMilliseconds
        self.success = success
    }
}
