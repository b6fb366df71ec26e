import HearthSystem
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Outbound connections for one sandbox with its own network namespace: slirp4netns gives the
/// namespace a `tap0` with a NAT to the host's network (10.0.2.100, gateway 10.0.2.2).
///
/// `--disable-host-loopback` keeps the host's loopback out of reach, so app code cannot call
/// Hearth's ports or other services bound to 127.0.0.1 through the NAT. Only app-initiated
/// connections go through this user-space stack; Hearth reaches the handler on the namespace's own
/// loopback (``NetworkNamespace``). slirp4netns ends when the write end of its exit pipe closes:
/// at ``stop()``, or when this object goes away.
final class OutboundNetwork: Sendable {
    let process: SpawnedProcess
    private let exitWriter = Mutex<Int32>(-1)

    private init(process: SpawnedProcess, exitWriter: Int32) {
        self.process = process
        self.exitWriter.withLock { $0 = exitWriter }
    }

    deinit { stop() }

    /// Starts slirp4netns for the namespace of `pid` and waits until it has configured `tap0`.
    /// slirp4netns's own lines are not the app's output: they are kept only to explain a failure.
    static func start(slirp4netns: String, pid: Int32, label: String) throws -> OutboundNetwork {
        let lines = OutputTail()
        var ready: [Int32] = [-1, -1]
        var exit: [Int32] = [-1, -1]
        guard pipe(&ready) == 0, pipe(&exit) == 0 else {
            let error = errno
            for fd in ready + exit where fd >= 0 { close(fd) }
            throw WorkerError(.launchFailed, "cannot create pipes for the sandbox's network: \(String(cString: strerror(error)))")
        }
        // Hearth's ends never reach another child (one started by anything but SpawnedProcess):
        // a copy of the exit pipe's write end elsewhere would keep slirp4netns running.
        _ = fcntl(ready[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(exit[1], F_SETFD, FD_CLOEXEC)
        defer {
            close(ready[0])
            close(exit[0])
        }
        let process: SpawnedProcess
        do {
            // The namespace by path: given a pid, slirp4netns would first join that process's user
            // namespace, a nested one bwrap makes, which does not own the network namespace.
            process = try WorkerError.launching {
                try SpawnedProcess.spawn(
                    executable: slirp4netns,
                    arguments: [
                        "--configure", "--mtu=65520", "--disable-host-loopback", "--enable-sandbox", "--enable-seccomp", "--ready-fd=3",
                        "--exit-fd=4", "--netns-type=path", "/proc/\(pid)/ns/net", "tap0",
                    ],
                    environment: [:],
                    workingDirectory: "/",
                    passing: [ready[1], exit[0]],
                    output: { lines.append($0.text) }
                )
            }
        } catch {
            close(ready[1])
            close(exit[1])
            throw error
        }
        close(ready[1])
        let network = OutboundNetwork(process: process, exitWriter: exit[1])
        // slirp4netns writes "1" on --ready-fd once tap0 is up and configured.
        var poller = pollfd(fd: ready[0], events: Int16(POLLIN), revents: 0)
        var byte: UInt8 = 0
        guard poll(&poller, 1, 5_000) > 0, read(ready[0], &byte, 1) == 1 else {
            network.stop()
            throw WorkerError(
                .launchFailed,
                "slirp4netns did not set up the network of '\(label)' (\(process.exitStatus.map { "\($0)" } ?? "it hung"))\(lines.suffix())"
            )
        }
        return network
    }

    /// Ends slirp4netns (closing its exit pipe; SIGKILL if it is still there a moment later is not
    /// needed: it polls the pipe).
    func stop() {
        let fd = exitWriter.withLock { fd -> Int32 in
            defer { fd = -1 }
            return fd
        }
        if fd >= 0 { close(fd) }
    }
}
