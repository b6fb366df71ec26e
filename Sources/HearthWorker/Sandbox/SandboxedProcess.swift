import Foundation
import HearthSystem

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// An app process in a bubblewrap sandbox: `bwrap` (the process Hearth started), the sandbox's
/// init (PID 1 of its PID namespace) and the app with everything it started, all in one cgroup.
final class SandboxedProcess: LaunchedProcess {
    let bubblewrap: SpawnedProcess
    /// The sandbox's PID 1, seen from Hearth.
    let sandboxInit: Int32
    let watch: SandboxWatch
    /// The sandbox's own network namespace (`nil` when it shares the host's network).
    let network: NetworkNamespace?
    /// The sandbox's outbound NAT (slirp4netns), ended with the sandbox.
    let outbound: OutboundNetwork?

    init(bubblewrap: SpawnedProcess, sandboxInit: Int32, watch: SandboxWatch, network: NetworkNamespace?, outbound: OutboundNetwork?) {
        self.bubblewrap = bubblewrap
        self.sandboxInit = sandboxInit
        self.watch = watch
        self.network = network
        self.outbound = outbound
    }

    var pid: Int32 { bubblewrap.pid }
    var exitStatus: ProcessExit? { bubblewrap.exitStatus }
    func waitForExit() async -> ProcessExit { await bubblewrap.waitForExit() }

    func changeLimits(to limits: ResourceLimits) throws -> Bool {
        guard limits.tmpBytes == watch.limits.tmpBytes, limits.outboundNetwork == watch.limits.outboundNetwork,
            limits.outboundAllow == watch.limits.outboundAllow
        else { return false }
        if limits != watch.limits { try watch.change(to: limits) }
        return true
    }

    /// SIGTERM to the app's processes (not to bwrap, whose death would SIGKILL them at once); when
    /// the app is gone, bwrap exits. After `grace`, SIGKILL to everything: killing bwrap kills the
    /// sandbox's PID 1 (`--die-with-parent`), which takes the whole PID namespace with it.
    func terminate(grace: Duration) async {
        guard exitStatus == nil else {
            outbound?.stop()
            return
        }
        if grace > .zero {
            watch.cgroup.signalAll(SIGTERM, except: [bubblewrap.pid, sandboxInit])
            let deadline = ContinuousClock.now + grace
            while exitStatus == nil, ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
        kill()
        _ = await waitForExit()
    }

    /// SIGKILL to bwrap and every process of the sandbox.
    func kill() {
        _ = Glibc.kill(bubblewrap.pid, SIGKILL)
        watch.cgroup.signalAll(SIGKILL)
        outbound?.stop()
    }
}
