/// What the planner found out about an app before changing it: its version, languages and the evidence.
public struct UpgradeDetection: Sendable, Hashable, Codable {
    /// One piece of evidence that the app is not yet on v4, e.g. `host.json has no "version"`.
    public struct Signal: Sendable, Hashable, Codable {
        /// The file the evidence is in.
        public var file: String
        /// The 1-based line, when known.
        public var line: Int?
        /// What was found.
        public var message: String

        /// Creates a signal.
        /// - Parameters:
        ///   - file: The relative file path.
        ///   - line: The line, when known.
        ///   - message: What was found.
        public init(file: String, line: Int?, message: String) {
            self.file = file
            self.line = line
            self.message = message
        }
    }

    /// `v1`, `v2`, `v3` or `v4`: the runtime the app was written for (best guess from the evidence).
    public var sourceVersion: String
    /// The languages found, sorted.
    public var languages: [AppLanguage]
    /// The `FUNCTIONS_WORKER_RUNTIME` the upgraded app uses, or `nil` if none could be chosen (mixed or unsupported languages).
    public var workerRuntime: String?
    /// Evidence that the app needs upgrading; empty for an app already on v4.
    public var signals: [Signal]

    /// Whether the app needs upgrading at all.
    public var needsUpgrade: Bool { !signals.isEmpty }

    /// Creates a detection result.
    /// - Parameters:
    ///   - sourceVersion: The detected version.
    ///   - languages: The languages.
    ///   - workerRuntime: The worker runtime chosen.
    ///   - signals: The evidence.
    public init(sourceVersion: String, languages: [AppLanguage], workerRuntime: String?, signals: [Signal]) {
        self.sourceVersion = sourceVersion
        self.languages = languages
        self.workerRuntime = workerRuntime
        self.signals = signals
    }
}
