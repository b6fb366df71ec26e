import Foundation
public import HearthSystem

/// Starts the processes that run function code. Every launch in Hearth goes through one of these,
/// so isolation (a sandbox) is a launcher, and callers never change.
public protocol ProcessLauncher: Sendable {
    /// Starts the process. `output` receives each line it writes to stdout or stderr.
    func launch(_ spec: ProcessSpec, output: @escaping @Sendable (ProcessOutputLine) -> Void) throws -> any LaunchedProcess

    /// A remark for every app's status while its process runs (a warning when apps are not isolated), or `nil`.
    var statusNote: String? { get }

    /// A host path (below the spec's app root or a mount) as the launched process sees it.
    func visiblePath(_ path: String, in spec: ProcessSpec) -> String

    /// Whether each process gets a network namespace of its own: Hearth's ports on the host's
    /// loopback are then out of its reach (language workers get an endpoint in their sandbox).
    var isolatesNetwork: Bool { get }
}

extension ProcessLauncher {
    public var statusNote: String? { nil }

    public var isolatesNetwork: Bool { false }

    public func visiblePath(_ path: String, in spec: ProcessSpec) -> String { path }
}

extension ProcessLauncher {
    /// ``launch(_:output:)`` on a thread of its own, for callers in Swift concurrency.
    ///
    /// A sandboxed launch blocks its thread for tens of milliseconds: bwrap setting up the
    /// namespaces, the sandbox's loopback, slirp4netns configuring `tap0`. On the cooperative pool
    /// (one thread per core) apps started at once would wait for each other two at a time, and every
    /// other task (requests, status writes) with them; 50 apps cold-started at once took 4.8 s at
    /// p50 that way (bench/density.sh, a loaded machine). A thread per launch is cheap next to the
    /// processes it starts.
    public func launchOnOwnThread(
        _ spec: ProcessSpec,
        output: @escaping @Sendable (ProcessOutputLine) -> Void
    ) async throws -> any LaunchedProcess {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try self.launch(spec, output: output) })
            }
        }
    }
}

/// A process a launcher started.
public protocol LaunchedProcess: AnyObject, Sendable {
    var pid: Int32 { get }
    /// `nil` while it runs. A sandbox that stopped the process for hitting a limit reports
    /// ``ProcessExit/killed(reason:)`` with the limit.
    var exitStatus: ProcessExit? { get }
    /// SIGTERM to the process (and its process group), then SIGKILL after `grace`.
    func terminate(grace: Duration) async
    /// Waits until it has exited.
    func waitForExit() async -> ProcessExit
    /// Gives the running process other limits; `false` when this process cannot change to them
    /// (a sandbox's `/tmp` size is fixed at start; an unsandboxed process has no limits).
    func changeLimits(to limits: ResourceLimits) throws -> Bool
}

extension LaunchedProcess {
    public func changeLimits(to limits: ResourceLimits) throws -> Bool { false }

    /// The exit status, waiting up to `limit` for it: a dropped connection or stream is usually
    /// seen a moment before the exit of the process that dropped it.
    func exitStatus(waitingUpTo limit: Duration) async -> ProcessExit? {
        let deadline = ContinuousClock.now + limit
        while exitStatus == nil, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        return exitStatus
    }
}
