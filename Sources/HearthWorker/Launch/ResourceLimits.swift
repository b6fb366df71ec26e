/// What one app's processes may use: enforced by the sandbox through cgroups (memory, processes,
/// CPU weight) and a size-limited `/tmp`.
///
/// Defaults come from ``SandboxConfiguration/defaultLimits``; an app overrides them with app
/// settings (see ``ResourceLimits/init(settings:defaults:)``).
public struct ResourceLimits: Sendable, Hashable {
    /// Memory of all the app's processes together (cgroup `memory.max`); exceeding it OOM-kills the app.
    public var memoryBytes: Int = 512 << 20
    /// Processes and threads together (cgroup `pids.max`); past it `fork` and thread creation fail.
    public var maxProcesses: Int = 256
    /// CPU share relative to other apps (cgroup v2 `cpu.weight`, 1–10000, 100 = an equal share).
    public var cpuWeight: Int = 100
    /// Size of the app's private `/tmp` (a tmpfs; its pages also count towards ``memoryBytes``).
    public var tmpBytes: Int = 64 << 20
    /// Whether the app's processes may open connections to the network (through a NAT of their
    /// own network namespace); never to other apps, Hearth's ports or the host's loopback.
    public var outboundNetwork = true
    /// The only destinations the app may connect to (`nil`: any); its own loopback always.
    public var outboundAllow: [OutboundRule]?

    public init() {}
}
