/// What to start: the one description every launcher (direct, sandboxed) takes.
public struct ProcessSpec: Sendable {
    /// A host directory or file the process needs besides its app (Hearth's Node worker script),
    /// made visible read-only at `destination` inside a sandbox. A launcher without a sandbox
    /// ignores it: the process reads `source` directly.
    public struct Mount: Sendable, Hashable {
        /// Absolute path on the host.
        public var source: String
        /// Absolute path inside the sandbox.
        public var destination: String

        public init(source: String, destination: String) {
            self.source = source
            self.destination = destination
        }
    }

    /// Absolute path of the program.
    public var executable: String
    public var arguments: [String]
    /// The complete environment of the process: nothing is inherited from Hearth.
    public var environment: [String: String]
    /// Absolute working directory.
    public var workingDirectory: String
    /// The app's deployed files (a sandbox mounts this read-only at `/home/site/wwwroot`).
    public var appRoot: String
    /// A short name for logs: the app's name.
    public var label: String
    /// Extra read-only paths for a sandbox (paths below a mount's source, in the executable, the
    /// arguments, the working directory and the environment, are rewritten to its destination).
    public var mounts: [Mount]
    /// Memory, process, CPU and `/tmp` limits; a launcher without a sandbox ignores them.
    public var limits: ResourceLimits

    public init(
        executable: String,
        arguments: [String],
        environment: [String: String],
        workingDirectory: String,
        appRoot: String,
        label: String,
        mounts: [Mount] = [],
        limits: ResourceLimits = ResourceLimits()
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.appRoot = appRoot
        self.label = label
        self.mounts = mounts
        self.limits = limits
    }
}
