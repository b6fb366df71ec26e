import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The cgroup of one sandboxed app process and everything it starts: its limits, its members,
/// and the counters that tell why it died (OOM kills, refused forks).
final class AppCgroup: Sendable {
    let version: CgroupHierarchy.Version
    /// Per controller (v2: one entry, `""`).
    let directories: [String: String]

    init(version: CgroupHierarchy.Version, directories: [String: String]) {
        self.version = version
        self.directories = directories
    }

    private func file(_ controller: String, _ name: String) -> String {
        "\(directories[version == .v2 ? "" : controller]!)/\(name)"
    }

    func apply(_ limits: ResourceLimits) throws {
        let fm = FileManager.default
        switch version {
        case .v2:
            try CgroupFiles.write("\(limits.memoryBytes)", to: file("memory", "memory.max"))
            // No swap, so the limit is reached (and reported) instead of the app crawling.
            if fm.fileExists(atPath: file("memory", "memory.swap.max")) { try CgroupFiles.write("0", to: file("memory", "memory.swap.max")) }
            // An OOM kill takes the whole app, not one of its processes at random.
            if fm.fileExists(atPath: file("memory", "memory.oom.group")) { try CgroupFiles.write("1", to: file("memory", "memory.oom.group")) }
            try CgroupFiles.write("\(limits.maxProcesses)", to: file("pids", "pids.max"))
            try CgroupFiles.write("\(limits.cpuWeight)", to: file("cpu", "cpu.weight"))
        case .v1:
            try CgroupFiles.write("\(limits.memoryBytes)", to: file("memory", "memory.limit_in_bytes"))
            if fm.fileExists(atPath: file("memory", "memory.memsw.limit_in_bytes")) {
                try CgroupFiles.write("\(limits.memoryBytes)", to: file("memory", "memory.memsw.limit_in_bytes"))
            }
            try CgroupFiles.write("\(limits.maxProcesses)", to: file("pids", "pids.max"))
            // cpu.shares 1024 is v1's equal share, as cpu.weight 100 is v2's.
            try CgroupFiles.write("\(max(2, limits.cpuWeight * 1024 / 100))", to: file("cpu", "cpu.shares"))
        }
    }

    /// Moves `pid` (and, as it forks later, its children) into this cgroup.
    func add(_ pid: Int32) throws {
        for directory in Set(directories.values) { try CgroupFiles.write("\(pid)", to: "\(directory)/cgroup.procs") }
    }

    /// Processes the kernel OOM-killed in this cgroup.
    var oomKills: Int {
        version == .v2
            ? CgroupFiles.counter("oom_kill", in: file("memory", "memory.events"))
            : CgroupFiles.counter("oom_kill", in: file("memory", "memory.oom_control"))
    }

    /// Forks (or thread creations) refused because of `pids.max`.
    var refusedForks: Int { CgroupFiles.counter("max", in: file("pids", "pids.events")) }

    /// The processes in it now (on v1, in any of its hierarchies).
    var members: [Int32] {
        let text = Set(directories.values).map { CgroupFiles.read("\($0)/cgroup.procs") ?? "" }.joined(separator: "\n")
        return Array(Set(text.split(separator: "\n").compactMap { Int32($0) }))
    }

    /// Sends `signal` to every member but `except`.
    func signalAll(_ signal: Int32, except: Set<Int32> = []) {
        for pid in members where !except.contains(pid) { _ = kill(pid, signal) }
    }

    /// Kills what is left and removes the cgroup (waiting up to a second for the kernel to let the dead go).
    func remove() {
        for _ in 0..<100 {
            signalAll(SIGKILL)
            var removed = true
            for directory in Set(directories.values) where FileManager.default.fileExists(atPath: directory) {
                if rmdir(directory) != 0 { removed = false }
            }
            if removed { return }
            usleep(10_000)
        }
    }
}
