import Foundation
public import HearthSystem
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Starts every app process in a bubblewrap sandbox with its own cgroup: the default launcher of
/// `hearth serve`.
///
/// See ``BubblewrapArguments`` for what the app sees. Limits (``ResourceLimits``) are the cgroup's
/// `memory.max`, `pids.max` and `cpu.weight` (v1: `memory.limit_in_bytes`, `pids.max`,
/// `cpu.shares`) and the size of `/tmp`. The sandbox is in its cgroup before any app code runs:
/// bwrap reports its child's pid on `--info-fd` and waits on `--block-fd` until Hearth has moved
/// both into the cgroup (children inherit it). A hit limit kills the sandbox (``SandboxWatch``).
///
/// When bubblewrap, user namespaces or cgroups are missing, the launcher still constructs, logs
/// ``unavailableReason`` and refuses every launch with it; `hearth serve --no-isolation` is the
/// explicit way out.
public struct BubblewrapLauncher: ProcessLauncher {
    struct Setup: Sendable {
        var bubblewrap: String
        var cgroups: CgroupHierarchy
        /// slirp4netns for isolated sandboxes' outbound connections, when installed.
        var slirp4netns: String?
    }

    let configuration: SandboxConfiguration
    let setup: Result<Setup, WorkerError>
    /// Counts sandboxes killed for a hit limit.
    let metrics: WorkerMetrics
    private static let launches = Atomic<Int>(0)

    /// Finds bwrap, checks that it can make namespaces (one tiny sandbox, a few milliseconds), and
    /// prepares Hearth's cgroup.
    /// - Parameter metrics: Where kills for a hit limit are counted (``WorkerMetrics/Name/sandboxKills``).
    public init(configuration: SandboxConfiguration, metrics: WorkerMetrics = WorkerMetrics()) {
        self.configuration = configuration
        self.metrics = metrics
        self.setup = Result { try Self.prepare(configuration) }.mapError { $0 as? WorkerError ?? WorkerError(.launchFailed, "\($0)") }
    }

    /// The app root appears at `/home/site/wwwroot`, mounts at their destinations.
    public func visiblePath(_ path: String, in spec: ProcessSpec) -> String {
        BubblewrapArguments.rewrite(path, spec: spec)
    }

    /// Each sandbox has its own network namespace (unless `--shared-network`).
    public var isolatesNetwork: Bool { configuration.isolateNetwork }

    /// Why apps cannot run, or `nil` when the sandbox works.
    public var unavailableReason: String? {
        if case .failure(let error) = setup { return error.message }
        return nil
    }

    /// Which cgroup hierarchy limits apps (`"cgroup v2"`, `"cgroup v1"`), for the start-up log.
    public var cgroupDescription: String? {
        guard case .success(let setup) = setup else { return nil }
        return "\(setup.cgroups.version == .v2 ? "cgroup v2" : "cgroup v1") at \(setup.cgroups.bases.values.sorted().joined(separator: ", "))"
    }

    private static func prepare(_ configuration: SandboxConfiguration) throws -> Setup {
        let candidates = configuration.bubblewrapPath.map { [$0] } ?? ["/usr/bin/bwrap", "/usr/local/bin/bwrap"]
        guard let bubblewrap = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw WorkerError(
                .launchFailed,
                "isolation unavailable: bubblewrap is not installed (no \(candidates.joined(separator: " or "))); install it (apt-get install bubblewrap) or start Hearth with --no-isolation to run apps unisolated"
            )
        }
        let cgroups: CgroupHierarchy
        do {
            cgroups = try CgroupHierarchy.prepare(root: configuration.cgroupRoot)
        } catch let error as WorkerError {
            throw WorkerError(.launchFailed, "isolation unavailable: \(error.message); or start Hearth with --no-isolation to run apps unisolated")
        }
        cgroups.pruneStale()
        // One empty sandbox with the namespaces apps get: fails fast where user namespaces are off.
        let probe = try WorkerError.launching {
            try SpawnedProcess.spawn(
                executable: bubblewrap,
                arguments: ["--unshare-user", "--unshare-pid", "--unshare-ipc", "--unshare-uts"]
                    + (configuration.isolateNetwork ? ["--unshare-net"] : [])
                    + ["--ro-bind", "/usr", "/usr"]
                    + BubblewrapArguments.topLevelEntries.flatMap { entry -> [String] in
                        let path = "/\(entry)"
                        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) { return ["--symlink", target, path] }
                        return FileManager.default.fileExists(atPath: path) ? ["--ro-bind", path, path] : []
                    } + ["--proc", "/proc", "--dev", "/dev", "--", "/usr/bin/true"],
                environment: [:],
                workingDirectory: "/",
                output: { _ in }
            )
        }
        guard probe.waitForExit(blockingUpTo: .seconds(10)) == .exited(0) else {
            probe.signalGroup(SIGKILL)
            throw WorkerError(
                .launchFailed,
                "isolation unavailable: \(bubblewrap) cannot create a sandbox (\(probe.exitStatus.map { "\($0)" } ?? "it hung")); enable user namespaces (sysctl kernel.unprivileged_userns_clone=1, user.max_user_namespaces > 0) or start Hearth with --no-isolation"
            )
        }
        guard configuration.isolateNetwork else { return Setup(bubblewrap: bubblewrap, cgroups: cgroups) }
        guard hasCapSysAdmin() else {
            throw WorkerError(
                .launchFailed,
                "isolation unavailable: giving each app its own network needs Hearth to run as root (CAP_SYS_ADMIN, to reach the app's handler inside its namespace); run Hearth as root, or start it with --shared-network to let apps share the host's network (they can then reach each other's ports)"
            )
        }
        let slirp = (configuration.slirp4netnsPath.map { [$0] } ?? ["/usr/bin/slirp4netns", "/usr/local/bin/slirp4netns"])
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        return Setup(bubblewrap: bubblewrap, cgroups: cgroups, slirp4netns: slirp)
    }

    /// Bit 21 of the effective capabilities (`CapEff` in `/proc/self/status`).
    private static func hasCapSysAdmin() -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("CapEff:") }),
            let mask = UInt64(line.dropFirst("CapEff:".count).trimmingCharacters(in: .whitespaces), radix: 16)
        else { return false }
        return mask & (1 << 21) != 0
    }

    /// What isolated apps can reach beyond their own loopback, for the start-up log.
    public var networkDescription: String? {
        guard case .success(let setup) = setup else { return nil }
        guard configuration.isolateNetwork else { return "shared with the host (--shared-network): apps can reach each other's ports" }
        guard let slirp = setup.slirp4netns else {
            return "own network namespace per app; no outbound connections (slirp4netns is not installed: apt-get install slirp4netns)"
        }
        return "own network namespace per app; outbound connections through \(slirp)"
    }

    public func launch(_ spec: ProcessSpec, output: @escaping @Sendable (ProcessOutputLine) -> Void) throws -> any LaunchedProcess {
        let setup = try self.setup.get()
        if !configuration.isolateNetwork, !spec.limits.outboundNetwork || spec.limits.outboundAllow != nil {
            // Fail closed: the restriction cannot hold on the host's network.
            throw WorkerError(
                .launchFailed,
                "app '\(spec.label)' restricts its outbound connections (HEARTH_OUTBOUND_NETWORK / HEARTH_OUTBOUND_ALLOW), which needs a network of its own; start Hearth without --shared-network, or remove the setting"
            )
        }
        let number = Self.launches.wrappingAdd(1, ordering: .relaxed).newValue
        let name = "app-\(BubblewrapArguments.hostname(spec.label))-\(getpid())-\(number)"
        let cgroup = try setup.cgroups.makeGroup(name: name, limits: spec.limits)
        let metrics = self.metrics
        let app = spec.label
        let watch = SandboxWatch(cgroup: cgroup, limits: spec.limits) { limit in metrics.sandboxKilled(app: app, reason: limit) }
        let exitHook = ExitHook()

        var info: [Int32] = [-1, -1]
        var block: [Int32] = [-1, -1]
        // Other launches' children never inherit these: every spawn closes descriptors above its own.
        guard pipe(&info) == 0, pipe(&block) == 0 else {
            let error = errno
            for fd in info + block where fd >= 0 { close(fd) }
            cgroup.remove()
            throw WorkerError(.launchFailed, "cannot create pipes for the sandbox: \(String(cString: strerror(error)))")
        }
        _ = fcntl(info[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(block[1], F_SETFD, FD_CLOEXEC)
        defer {
            close(info[0])
            if block[1] >= 0 { close(block[1]) }
        }
        let arguments = BubblewrapArguments.make(
            spec: spec,
            extraReadOnlyPaths: configuration.extraReadOnlyPaths,
            infoFD: 3,
            blockFD: 4,
            isolateNetwork: configuration.isolateNetwork
        )
        let bubblewrap: SpawnedProcess
        do {
            // The settings (secrets too) are --setenv options: in a memory file, not on bwrap's command
            // line. bwrap reads only options from it; the command stays on the command line.
            let split = arguments.firstIndex(of: "--") ?? arguments.endIndex
            let argumentsFile = try BubblewrapArgumentsFile.make(Array(arguments[..<split]))
            defer { argumentsFile.close() }
            bubblewrap = try WorkerError.launching {
                try SpawnedProcess.spawn(
                    executable: setup.bubblewrap,
                    arguments: ["--args", "\(BubblewrapArgumentsFile.descriptor)"] + arguments[split...],
                    environment: [:],
                    workingDirectory: "/",
                    passing: [info[1], block[0], argumentsFile.descriptor],
                    interpretExit: { exit in
                        exitHook.run()
                        return watch.finish(exit)
                    },
                    output: output
                )
            }
        } catch {
            close(info[1])
            close(block[0])
            cgroup.remove()
            throw error
        }
        close(info[1])
        close(block[0])

        // bwrap writes {"child-pid": N, …}; until Hearth writes to the block pipe, nothing of the app runs.
        guard let child = Self.readChildPID(info[0], timeout: .seconds(10)) else {
            _ = kill(bubblewrap.pid, SIGKILL)
            throw WorkerError(
                .launchFailed,
                "bubblewrap did not start a sandbox for '\(spec.label)' (it exited or hung before reporting its child); its output is in Hearth's log"
            )
        }
        var network: NetworkNamespace?
        var outbound: OutboundNetwork?
        do {
            try cgroup.add(bubblewrap.pid)
            try cgroup.add(child)
            if configuration.isolateNetwork {
                let namespace = try NetworkNamespace(pid: child)
                network = namespace
                if spec.limits.outboundNetwork, let slirp = setup.slirp4netns {
                    try Self.waitForLoopback(namespace, bubblewrap: bubblewrap, label: spec.label)
                    if let allowed = spec.limits.outboundAllow { try OutboundFirewall.apply(allowed, pid: child, label: spec.label) }
                    let started = try OutboundNetwork.start(slirp4netns: slirp, pid: child, label: spec.label)
                    outbound = started
                    // The app's NAT counts towards the app's limits, and goes with the sandbox when it ends by itself.
                    try cgroup.add(started.process.pid)
                    exitHook.set { started.stop() }
                }
            }
        } catch {
            // A bwrap that ended by itself removed the cgroup on its way out (SandboxWatch.finish),
            // so the error here (a cgroup file that is gone) is a symptom: say how bwrap ended.
            let ended = bubblewrap.waitForExit(blockingUpTo: .milliseconds(100))
            // The child must never run: killed before the deferred close of the block pipe lets it go.
            _ = kill(child, SIGKILL)
            _ = kill(bubblewrap.pid, SIGKILL)
            outbound?.stop()
            if let ended {
                throw WorkerError(
                    .launchFailed,
                    "bubblewrap \(ended) before the sandbox of '\(spec.label)' was set up (then: \(error)); its output is in Hearth's log",
                    cause: error
                )
            }
            throw error
        }
        let process = SandboxedProcess(bubblewrap: bubblewrap, sandboxInit: child, watch: watch, network: network, outbound: outbound)
        watch.start(interval: configuration.limitPollInterval) { [weak process] in process?.kill() }
        var go: UInt8 = 1
        _ = write(block[1], &go, 1)
        return process
    }

    /// Waits until bwrap has set up the sandbox's loopback, before anything else configures the
    /// namespace. bwrap's child does that (netlink `RTM_NEWADDR`, then `RTM_NEWLINK`) right after
    /// it reported its pid, not after `--block-fd`; slirp4netns configuring `tap0` in the same
    /// namespace meanwhile makes bwrap fail with "loopback: Failed RTM_NEWADDR: No child processes"
    /// and exit before the app starts (a failed cold start, several in 100 launches under load).
    static func waitForLoopback(
        _ namespace: NetworkNamespace,
        bubblewrap: SpawnedProcess,
        label: String,
        timeout: Duration = .seconds(10)
    ) throws {
        let deadline = ContinuousClock.now + timeout
        while try !namespace.isLoopbackUp() {
            if bubblewrap.exitStatus != nil {
                throw WorkerError(.launchFailed, "the sandbox of '\(label)' ended before its loopback was up")
            }
            guard ContinuousClock.now < deadline else {
                throw WorkerError(.launchFailed, "bubblewrap did not set up the loopback of '\(label)' within \(timeout)")
            }
            usleep(1000)
        }
    }

    /// The `child-pid` of bwrap's info document, or `nil` if bwrap ended or said nothing in time.
    static func readChildPID(_ fd: Int32, timeout: Duration) -> Int32? {
        var text = ""
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 512)
        while !text.contains("}") {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { return nil }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000))
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { return nil }
            let count = read(fd, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            text += String(decoding: buffer[0..<count], as: UTF8.self)
        }
        guard let range = text.range(of: #""child-pid":\s*[0-9]+"#, options: .regularExpression) else { return nil }
        return Int32(text[range].split(separator: ":").last!.trimmingCharacters(in: .whitespaces))
    }
}
