/// How the sandbox runs apps: where bubblewrap and the cgroups are, what of the system is visible,
/// and the limits an app gets unless its settings say otherwise.
public struct SandboxConfiguration: Sendable {
    /// The `bwrap` program; `nil` = the first of `/usr/bin/bwrap` and `/usr/local/bin/bwrap` that exists.
    public var bubblewrapPath: String?
    /// The cgroup under which each app process gets its own cgroup. `nil` = `/sys/fs/cgroup/hearth`
    /// on cgroup v2 and `/sys/fs/cgroup/{memory,pids,cpu}/hearth` on cgroup v1 (where only the last
    /// path component is used, under each controller). On v2 without root, delegate a cgroup to
    /// Hearth's user (systemd `Delegate=yes`) and name it here.
    public var cgroupRoot: String?
    /// Host paths mounted read-only at the same place besides `/usr` and the `/etc` files the
    /// runtimes need (e.g. `/opt/python3.12` for an interpreter installed outside `/usr`).
    public var extraReadOnlyPaths: [String] = []
    /// Limits of an app that sets none of ``ResourceLimits/SettingName``: 512 MiB, 256 processes,
    /// CPU weight 100, 64 MiB of `/tmp`.
    public var defaultLimits = ResourceLimits()
    /// How often the sandbox checks whether an app hit its memory or process limit.
    public var limitPollInterval: Duration = .milliseconds(100)
    /// Each sandbox gets its own network namespace (`false`: apps share the host's network and can
    /// reach each other's ports; `hearth serve --shared-network`).
    public var isolateNetwork = true
    /// slirp4netns, which gives an isolated sandbox outbound connections (`nil`: look in /usr/bin
    /// and /usr/local/bin; without it isolated apps have no network beyond their own loopback).
    public var slirp4netnsPath: String?

    public init() {}
}
