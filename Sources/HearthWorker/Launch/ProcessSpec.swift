/// What to start: the one description every launcher (direct, sandboxed) takes.
public struct ProcessSpec: Sendable {
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

    public init(executable: String, arguments: [String], environment: [String: String], workingDirectory: String, appRoot: String, label: String) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.appRoot = appRoot
        self.label = label
    }
}

/// How a process ended.
public enum ProcessExit: Sendable, Hashable, CustomStringConvertible {
    case exited(Int32)
    case signalled(Int32)

    public var description: String {
        switch self {
        case .exited(let code): return "exited with status \(code)"
        case .signalled(let signal): return "was killed by signal \(signal)"
        }
    }
}
