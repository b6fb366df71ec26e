import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Where Hearth makes the cgroups of app processes: a cgroup v2 subtree with the memory, pids and
/// cpu controllers enabled, or (on hosts still on the legacy hierarchy) the v1 memory, pids and cpu
/// hierarchies side by side.
struct CgroupHierarchy: Sendable {
    enum Version: Sendable { case v1, v2 }

    let version: Version
    /// The parent of the app cgroups, per controller (v2: one entry, `""`).
    let bases: [String: String]

    static let v1Controllers = ["memory", "pids", "cpu"]

    /// Finds the hierarchy and prepares Hearth's parent cgroup in it.
    /// - Parameter root: ``SandboxConfiguration/cgroupRoot``.
    /// - Throws: ``WorkerError`` saying what is missing and how to provide it.
    static func prepare(root: String?, fileSystem: String = "/sys/fs/cgroup") throws -> CgroupHierarchy {
        let fm = FileManager.default
        if fm.fileExists(atPath: "\(fileSystem)/cgroup.controllers") {
            let base = root ?? "\(fileSystem)/hearth"
            try CgroupFiles.makeDirectory(base)
            let parent = (base as NSString).deletingLastPathComponent
            let available = Set((CgroupFiles.read("\(parent)/cgroup.controllers") ?? "").split(whereSeparator: \.isWhitespace).map(String.init))
            let missing = ["memory", "pids", "cpu"].filter { !available.contains($0) }
            guard missing.isEmpty else {
                throw WorkerError(
                    .launchFailed,
                    "the cgroup v2 controllers \(missing.joined(separator: ", ")) are not available in \(parent); enable them in its parent's cgroup.subtree_control (or delegate a cgroup with them to Hearth)"
                )
            }
            for directory in [parent, base] {
                let enabled = Set(
                    (CgroupFiles.read("\(directory)/cgroup.subtree_control") ?? "").split(whereSeparator: \.isWhitespace).map(String.init)
                )
                if !["memory", "pids", "cpu"].allSatisfy(enabled.contains) {
                    do {
                        try CgroupFiles.write("+memory +pids +cpu", to: "\(directory)/cgroup.subtree_control")
                    } catch let error as WorkerError {
                        throw WorkerError(
                            .launchFailed,
                            "\(error.message); run Hearth as root, or delegate a cgroup to Hearth's user (systemd Delegate=yes) and set the sandbox cgroup root to it"
                        )
                    }
                }
            }
            return CgroupHierarchy(version: .v2, bases: ["": base])
        }
        var bases: [String: String] = [:]
        for controller in v1Controllers {
            let mount = "\(fileSystem)/\(controller)"
            guard fm.fileExists(atPath: "\(mount)/cgroup.procs") else {
                throw WorkerError(
                    .launchFailed,
                    "no cgroup v2 hierarchy at \(fileSystem) and no cgroup v1 \(controller) controller at \(mount); mount cgroup2 at \(fileSystem) (systemd does by default) or start Hearth with --no-isolation"
                )
            }
            let base = root.map { "\(mount)/\($0.split(separator: "/").last ?? "hearth")" } ?? "\(mount)/hearth"
            try CgroupFiles.makeDirectory(base)
            bases[controller] = base
        }
        return CgroupHierarchy(version: .v1, bases: bases)
    }

    /// Removes app cgroups (`app-<label>-<hearth pid>-<n>`) left behind by Hearth processes that no
    /// longer exist (killed without a chance to clean up), with whatever still runs in them.
    /// Cgroups of running Hearth processes, on this machine or sharing the hierarchy, are left alone.
    func pruneStale() {
        let fm = FileManager.default
        let names = Set(bases.values.flatMap { (try? fm.contentsOfDirectory(atPath: $0)) ?? [] }.filter { $0.hasPrefix("app-") })
        for name in names {
            let parts = name.split(separator: "-")
            guard parts.count >= 4, let owner = Int32(parts[parts.count - 2]), owner != getpid() else { continue }
            guard kill(owner, 0) == -1, errno == ESRCH else { continue }
            AppCgroup(version: version, directories: bases.mapValues { "\($0)/\(name)" }.filter { fm.fileExists(atPath: $0.value) }).remove()
        }
    }

    /// A new cgroup `name` with `limits`, ready for processes.
    func makeGroup(name: String, limits: ResourceLimits) throws -> AppCgroup {
        var directories: [String: String] = [:]
        for (controller, base) in bases {
            let directory = "\(base)/\(name)"
            try CgroupFiles.makeDirectory(directory)
            directories[controller] = directory
        }
        let group = AppCgroup(version: version, directories: directories)
        do {
            try group.apply(limits)
        } catch {
            group.remove()
            throw error
        }
        return group
    }
}
