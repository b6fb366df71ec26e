import Foundation

/// The `bwrap` command line for one ``ProcessSpec``: what the app sees and nothing more.
///
/// - namespaces: new user (uid/gid 65534 inside, no capabilities), PID, IPC, UTS, network (the
///   handler listens on the sandbox's own loopback, where Hearth reaches it through
///   ``NetworkNamespace``) and, where the kernel allows, cgroup;
/// - file system: `/usr` and the `/bin`, `/lib*`, `/sbin` links or directories, a short list of
///   `/etc` files (users, name resolution, TLS roots, time zone, loader cache), a private `/proc`
///   and `/dev`, a private size-limited `/tmp`, the app read-only at `/home/site/wwwroot`, and the
///   spec's ``ProcessSpec/Mount``s, the root itself read-only. Nothing of Hearth's data directory,
///   store, keys or other apps;
/// - environment: exactly the spec's (`--clearenv`), with host paths of the app rewritten;
/// - lifetime: `--die-with-parent` and `--new-session` (no access to Hearth's terminal).
enum BubblewrapArguments {
    /// Where the app's deployment appears inside the sandbox, as on Azure.
    static let appRoot = "/home/site/wwwroot"

    /// `/etc` entries runtimes read (missing ones are skipped).
    static let etcEntries = [
        "passwd", "group", "nsswitch.conf", "hosts", "host.conf", "resolv.conf", "gai.conf", "services", "protocols", "localtime", "timezone",
        "ld.so.cache", "ld.so.conf", "ld.so.conf.d", "ssl", "ca-certificates", "ca-certificates.conf", "alternatives", "mime.types", "os-release",
        "debian_version",
    ]

    /// The top-level system entries besides `/usr`: merged-/usr systems have them as links.
    static let topLevelEntries = ["bin", "sbin", "lib", "lib32", "lib64", "libx32"]

    /// - Parameters:
    ///   - infoFD: Where bwrap writes `{"child-pid": N}`.
    ///   - blockFD: bwrap waits for a byte on it before starting the app (Hearth first puts the
    ///     sandbox in the app's cgroup).
    ///   - isolateNetwork: A network namespace of the sandbox's own (only its loopback, plus a NAT
    ///     that ``OutboundNetwork`` adds); `false` shares the host's network.
    static func make(spec: ProcessSpec, extraReadOnlyPaths: [String], infoFD: Int32, blockFD: Int32, isolateNetwork: Bool = true) -> [String] {
        let fm = FileManager.default
        var args = ["--unshare-user", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"]
        if isolateNetwork { args.append("--unshare-net") }
        args += ["--uid", "65534", "--gid", "65534", "--cap-drop", "ALL", "--hostname", hostname(spec.label)]
        args += ["--ro-bind", "/usr", "/usr"]
        for entry in topLevelEntries {
            let path = "/\(entry)"
            if let target = try? fm.destinationOfSymbolicLink(atPath: path) {
                args += ["--symlink", target, path]
            } else if fm.fileExists(atPath: path) {
                args += ["--ro-bind", path, path]
            }
        }
        for entry in etcEntries { args += ["--ro-bind-try", "/etc/\(entry)", "/etc/\(entry)"] }
        for path in extraReadOnlyPaths { args += ["--ro-bind-try", path, path] }
        args += ["--proc", "/proc", "--dev", "/dev"]
        args += ["--size", "\(spec.limits.tmpBytes)", "--tmpfs", "/tmp"]
        args += ["--ro-bind", spec.appRoot, appRoot]
        for mount in spec.mounts { args += ["--ro-bind", mount.source, mount.destination] }
        // The sandbox's root is a tmpfs bwrap made: read-only too, so only /tmp is writable.
        args += ["--remount-ro", "/"]
        args += ["--chdir", rewrite(spec.workingDirectory, spec: spec)]
        args += ["--clearenv"]
        for (name, value) in spec.environment.sorted(by: { $0.key < $1.key }) { args += ["--setenv", name, rewrite(value, spec: spec)] }
        args += ["--die-with-parent", "--new-session", "--info-fd", "\(infoFD)", "--block-fd", "\(blockFD)"]
        args += ["--", rewrite(spec.executable, spec: spec)]
        args += spec.arguments.map { rewrite($0, spec: spec) }
        return args
    }

    /// A host path below the app root or a mount's source, as the sandbox sees it; anything else unchanged.
    static func rewrite(_ value: String, spec: ProcessSpec) -> String {
        let prefixes = [(spec.appRoot, appRoot)] + spec.mounts.map { ($0.source, $0.destination) }
        for (host, inside) in prefixes {
            let host = host.hasSuffix("/") && host.count > 1 ? String(host.dropLast()) : host
            if value == host { return inside }
            if value.hasPrefix(host + "/") { return inside + value.dropFirst(host.count) }
        }
        return value
    }

    /// The app's name as a host name (letters, digits and `-`, at most 63 characters).
    static func hostname(_ label: String) -> String {
        let cleaned = String(label.lowercased().map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" }.prefix(63))
        return cleaned.isEmpty ? "app" : cleaned
    }
}
