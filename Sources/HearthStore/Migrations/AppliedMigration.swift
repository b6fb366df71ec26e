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
    /// The compatibility recorded with the row (table `hearth_schema_compatibility`, SQL Server
    /// `hearth.schema_compatibility`), so a binary without the migration's file can still tell
    /// whether it may run on the schema. `nil` when nothing is recorded (rows written before
    /// migration 0005, or by hand).
    public var compatibility: MigrationCompatibility?

    public init(
        version: Int,
        description: String,
        checksum: String,
        appliedBy: String,
        appliedAt: Date,
        durationMilliseconds: Int,
        success: Bool,
        compatibility: MigrationCompatibility? = nil
    ) {
        self.version = version
        self.description = description
        self.checksum = checksum
        self.appliedBy = appliedBy
        self.appliedAt = appliedAt
        self.durationMilliseconds = durationMilliseconds
        self.success = success
        self.compatibility = compatibility
    }
}
