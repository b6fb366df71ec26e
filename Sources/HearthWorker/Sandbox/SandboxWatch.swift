import Foundation
import HearthSystem
import Synchronization

/// Watches one sandbox's cgroup for a hit limit, and decides how the sandbox ended.
///
/// The kernel's OOM killer kills one process, and a refused fork only fails a call: either can
/// leave a half-working app behind. So when the cgroup's `oom_kill` or `pids.events max` counter
/// moves, the whole sandbox is killed and the reason kept; the host restarts the app and reports
/// the reason (``ProcessExit/killed(reason:)``).
final class SandboxWatch: Sendable {
    let cgroup: AppCgroup
    private let current: Mutex<ResourceLimits>
    private let reason = Mutex<String?>(nil)
    private let finished = Atomic<Bool>(false)
    /// Told once which limit ended the sandbox (`memory`, `processes`), when one did.
    private let onLimit: @Sendable (String) -> Void

    init(cgroup: AppCgroup, limits: ResourceLimits, onLimit: @escaping @Sendable (String) -> Void = { _ in }) {
        self.cgroup = cgroup
        self.current = Mutex(limits)
        self.onLimit = onLimit
    }

    /// The limits the cgroup has now.
    var limits: ResourceLimits { current.withLock { $0 } }

    /// Sets new memory, process and CPU limits on the running sandbox (the size of `/tmp` is fixed
    /// when the sandbox starts).
    func change(to limits: ResourceLimits) throws {
        try cgroup.apply(limits)
        current.withLock { $0 = limits }
    }

    var memoryReason: String { "memory limit \(limits.memoryBytes >> 20) MiB reached (app setting \(ResourceLimits.SettingName.memoryMB))" }
    var processReason: String {
        "process limit \(limits.maxProcesses) reached, a fork failed (app setting \(ResourceLimits.SettingName.maxProcesses))"
    }

    /// The limit the cgroup's counters say was hit, if any.
    func hitLimit() -> String? {
        if cgroup.oomKills > 0 { return memoryReason }
        if cgroup.refusedForks > 0 { return processReason }
        return nil
    }

    /// Which limit ``hitLimit()`` names, as the kill metric's `reason`.
    private var hitLimitKind: String { cgroup.oomKills > 0 ? "memory" : "processes" }

    /// Polls every `interval` on its own thread until ``finish(_:)``; on a hit limit calls `kill`.
    func start(interval: Duration, kill: @escaping @Sendable () -> Void) {
        let microseconds = UInt32(max(10_000, interval.components.seconds * 1_000_000 + interval.components.attoseconds / 1_000_000_000_000))
        let thread = Thread { [self] in
            while !finished.load(ordering: .acquiring) {
                if let hit = hitLimit() {
                    reason.withLock { $0 = $0 ?? hit }
                    onLimit(hitLimitKind)
                    kill()
                    return
                }
                usleep(microseconds)
            }
        }
        thread.name = "hearth-sandbox-watch"
        thread.start()
    }

    /// How the sandbox ended, given bwrap's exit; removes the cgroup. Called once, when bwrap has exited.
    func finish(_ exit: ProcessExit) -> ProcessExit {
        finished.store(true, ordering: .releasing)
        let watched = reason.withLock { $0 }
        let limit = watched ?? hitLimit()
        // The kernel killed it before the watch saw the limit: still a kill for that limit.
        if watched == nil, limit != nil { onLimit(hitLimitKind) }
        cgroup.remove()
        return limit.map { .killed(reason: $0) } ?? exit
    }
}
