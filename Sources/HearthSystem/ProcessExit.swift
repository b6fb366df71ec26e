/// How a process ended.
public enum ProcessExit: Sendable, Hashable, CustomStringConvertible {
    case exited(Int32)
    case signalled(Int32)
    /// Hearth's sandbox stopped it because it hit a resource limit; the reason names the limit
    /// (`"memory limit 512 MiB reached"`).
    case killed(reason: String)

    public var description: String {
        switch self {
        case .exited(let code): return "exited with status \(code)"
        case .signalled(let signal): return "was killed by signal \(signal)"
        case .killed(let reason): return "was killed: \(reason)"
        }
    }
}
