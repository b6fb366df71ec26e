public import Foundation

extension UpgradeRunner {
    /// How ``UpgradeRunner`` applies a plan.
    public struct Configuration: Sendable {
        /// Planner options (target, class-library framework).
        public var options = UpgradeOptions()
        /// Plan and report only; write no file of the app, no backup, no output folder.
        public var dryRun = false
        /// Write the upgraded app to this folder (which must not exist or be empty) and leave the original
        /// alone. `nil` upgrades in place after a backup.
        public var outputDirectory: URL? = nil
        /// The time used to name the in-place backup folder (injected for tests).
        public var now: @Sendable () -> Date = { Date() }

        /// Creates a configuration.
        /// - Parameters:
        ///   - options: Planner options.
        ///   - dryRun: Write nothing.
        ///   - outputDirectory: Where to write the upgraded app, or `nil` for in place.
        public init(options: UpgradeOptions = UpgradeOptions(), dryRun: Bool = false, outputDirectory: URL? = nil) {
            self.options = options
            self.dryRun = dryRun
            self.outputDirectory = outputDirectory
        }
    }
}
