import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A process started with `posix_spawn`, and the thread that owns it.
///
/// It does not use Foundation's `Process`: that hands the parent's blocked-signal mask to the
/// child (swift-corelibs-foundation issue 4772), so a handler would ignore SIGTERM. The child gets
/// an empty signal mask, default handlers for every signal, its own process group, its working
/// directory, exactly the given environment, and no descriptor but stdin (`/dev/null`), stdout,
/// stderr and the ones passed explicitly (as 3, 4, …): Hearth's database and sockets never leak in.
///
/// One dedicated thread spawns the child and then waits for it (`waitpid` blocks, so it must not
/// run on the cooperative pool). Spawning from that thread matters for sandboxes: the kernel's
/// parent-death signal (`PR_SET_PDEATHSIG`, bwrap `--die-with-parent`) fires when the *thread*
/// that forked the child ends, and pool threads come and go; this one lives exactly as long as the child.
///
/// Every program Hearth starts goes through here: function code (through the worker's launchers),
/// the sandbox's helpers, and administrative commands (python, pip).
public final class SpawnedProcess: Sendable {
    private struct State {
        var exit: ProcessExit?
        /// Tasks waiting for the exit; a cancelled one gets `nil`.
        var waiters: [Int: CheckedContinuation<ProcessExit?, Never>] = [:]
        var nextWaiter = 0
        /// Waiters cancelled before they were installed.
        var cancelledWaiters: Set<Int> = []
        /// Until both stdout and stderr have reached their ends.
        var outputOpen = true
        var outputWaiters: [CheckedContinuation<Void, Never>] = []
    }
    public let pid: Int32
    private let state = Mutex(State())
    /// Entered until the child has exited, for threads that wait for it without a task (``waitForExit(blockingUpTo:)``).
    let exitGroup = DispatchGroup()
    private init(pid: Int32) {
        self.pid = pid
        exitGroup.enter()
    }

    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private typealias AddClosefrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc's `posix_spawn_file_actions_addchdir_np` (2.29+) and `posix_spawn_file_actions_addclosefrom_np`
    /// (2.34+). They are GNU extensions the Glibc module does not export, so they are looked up once
    /// by name (RTLD_DEFAULT is a null handle on glibc).
    private static let addChdir: AddChdir? = dlsym(nil, "posix_spawn_file_actions_addchdir_np").map { unsafeBitCast($0, to: AddChdir.self) }
    private static let addClosefrom: AddClosefrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map {
        unsafeBitCast($0, to: AddClosefrom.self)
    }

    /// What the spawning thread reports back.
    private final class Handoff: Sendable {
        let spawned = Mutex<Result<pid_t, SpawnError>?>(nil)
        let process = Mutex<SpawnedProcess?>(nil)
        let spawnDone = DispatchSemaphore(value: 0)
        let processReady = DispatchSemaphore(value: 0)
    }

    /// Starts `executable` and returns at once.
    ///
    /// ```swift
    /// let process = try SpawnedProcess.spawn(
    ///     executable: "/bin/echo", arguments: ["hello"], environment: [:], workingDirectory: "/", output: { print($0.text) })
    /// let exit = await process.waitForExit()  // .exited(0)
    /// ```
    /// - Parameters:
    ///   - environment: The child's whole environment: nothing is inherited.
    ///   - passing: Descriptors the child gets as 3, 4, … (in this order); the caller keeps and closes its own.
    ///   - interpretExit: Called on the waiting thread when the child has exited, before anyone sees
    ///     the exit; a sandbox turns an exit into ``ProcessExit/killed(reason:)`` here.
    /// - Throws: ``SpawnError`` when the program cannot be started.
    public static func spawn(
        executable: String,
        arguments: [String],
        environment: [String: String],
        workingDirectory: String,
        passing: [Int32] = [],
        interpretExit: @escaping @Sendable (ProcessExit) -> ProcessExit = { $0 },
        output: @escaping @Sendable (ProcessOutputLine) -> Void
    ) throws -> SpawnedProcess {
        guard let addChdir, let addClosefrom else {
            throw SpawnError(
                "this C library lacks posix_spawn_file_actions_addchdir_np or posix_spawn_file_actions_addclosefrom_np; Hearth needs glibc 2.34 or newer"
            )
        }
        // Copies above every descriptor the actions write to, so no dup2 overwrites a source it still needs.
        let passed = passing.map { fcntl($0, F_DUPFD_CLOEXEC, 100) }
        guard !passed.contains(-1) else {
            let error = errno
            for fd in passed where fd >= 0 { close(fd) }
            throw SpawnError("cannot pass descriptors to \(executable): \(String(cString: strerror(error)))")
        }
        // stdout and stderr: [read end, write end] each, never inherited by another child.
        var stdout: [Int32] = [-1, -1]
        var stderr: [Int32] = [-1, -1]
        guard pipe(&stdout) == 0, pipe(&stderr) == 0 else {
            let error = errno
            for fd in passed + stdout + stderr where fd >= 0 { close(fd) }
            throw SpawnError("cannot create pipes for \(executable): \(String(cString: strerror(error)))")
        }
        for fd in stdout + stderr { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        let stdoutFD = stdout[1]
        let stderrFD = stderr[1]
        let arguments = UncheckedPointers(argv: argv, envp: envp)
        let handoff = Handoff()

        let thread = Thread {
            var actions = posix_spawn_file_actions_t()
            var attributes = posix_spawnattr_t()
            posix_spawn_file_actions_init(&actions)
            posix_spawnattr_init(&attributes)
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_adddup2(&actions, stdoutFD, 1)
            posix_spawn_file_actions_adddup2(&actions, stderrFD, 2)
            for (index, fd) in passed.enumerated() { posix_spawn_file_actions_adddup2(&actions, fd, Int32(3 + index)) }
            _ = addClosefrom(&actions, Int32(3 + passed.count))
            var empty = sigset_t()
            sigemptyset(&empty)
            var all = sigset_t()
            sigfillset(&all)
            posix_spawnattr_setsigmask(&attributes, &empty)
            posix_spawnattr_setsigdefault(&attributes, &all)
            posix_spawnattr_setpgroup(&attributes, 0)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
            var pid: pid_t = 0
            var status = addChdir(&actions, workingDirectory)
            if status == 0 { status = posix_spawn(&pid, executable, &actions, &attributes, arguments.argv, arguments.envp) }
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
            handoff.spawned.withLock {
                $0 = status == 0 ? .success(pid) : .failure(SpawnError("cannot start \(executable): \(String(cString: strerror(status)))"))
            }
            handoff.spawnDone.signal()
            guard status == 0 else { return }
            var waitStatus: Int32 = 0
            while waitpid(pid, &waitStatus, 0) == -1 && errno == EINTR {}
            // WIFEXITED / WEXITSTATUS / WTERMSIG, spelled out (they are macros in C).
            let signal = waitStatus & 0x7F
            let exit: ProcessExit = signal == 0 ? .exited((waitStatus >> 8) & 0xFF) : .signalled(signal)
            handoff.processReady.wait()
            handoff.process.withLock { $0 }?.exited(interpretExit(exit))
        }
        thread.name = "hearth-process-\(executable.split(separator: "/").last ?? "")"
        thread.start()
        handoff.spawnDone.wait()
        for pointer in argv { free(pointer) }
        for pointer in envp { free(pointer) }
        for fd in passed { close(fd) }
        // The child has its copies of the write ends; close ours so reads end when it exits.
        close(stdout[1])
        close(stderr[1])
        let pid: pid_t
        do {
            pid = try handoff.spawned.withLock { $0! }.get()
        } catch {
            close(stdout[0])
            close(stderr[0])
            throw error
        }

        let process = SpawnedProcess(pid: pid)
        handoff.process.withLock { $0 = process }
        handoff.processReady.signal()
        OutputReader.start(
            stdout: stdout[0],
            stderr: stderr[0],
            name: String(executable.split(separator: "/").last ?? ""),
            output: output,
            ended: { [weak process] in process?.outputEnded() }
        )
        return process
    }

    private func exited(_ exit: ProcessExit) {
        let waiters = state.withLock { s in
            s.exit = exit
            defer { s.waiters = [:] }
            return s.waiters.values
        }
        for waiter in waiters { waiter.resume(returning: exit) }
        exitGroup.leave()
    }

    /// stdout and stderr reached their ends (every line has been handed to `output`).
    private func outputEnded() {
        let waiters = state.withLock { s in
            s.outputOpen = false
            defer { s.outputWaiters = [] }
            return s.outputWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Waits until every line of stdout and stderr has been handed to `output`: until the child and
    /// whatever it started that keeps the pipes open have closed them.
    public func waitForOutputEnd() async {
        await withCheckedContinuation { continuation in
            let ended = state.withLock { s in
                if !s.outputOpen { return true }
                s.outputWaiters.append(continuation)
                return false
            }
            if ended { continuation.resume() }
        }
    }

    /// How it exited; `nil` while it runs.
    public var exitStatus: ProcessExit? { state.withLock { $0.exit } }

    /// Waits until it has exited.
    public func waitForExit() async -> ProcessExit {
        // Not cancellable, so the wait ends only with the exit.
        await wait(
            id: state.withLock { s in
                s.nextWaiter += 1
                return s.nextWaiter
            }
        )!
    }

    /// Waits until it has exited, or returns `nil` as soon as the waiting task is cancelled.
    func waitForExitUnlessCancelled() async -> ProcessExit? {
        let id = state.withLock { s in
            s.nextWaiter += 1
            return s.nextWaiter
        }
        return await withTaskCancellationHandler {
            await wait(id: id)
        } onCancel: {
            let waiter = state.withLock { s in
                guard let waiter = s.waiters.removeValue(forKey: id) else {
                    // Not installed yet (after the exit there is nothing to cancel).
                    if s.exit == nil { s.cancelledWaiters.insert(id) }
                    return CheckedContinuation<ProcessExit?, Never>?.none
                }
                return waiter
            }
            waiter?.resume(returning: nil)
        }
    }

    private func wait(id: Int) async -> ProcessExit? {
        await withCheckedContinuation { continuation in
            let done: ProcessExit?? = state.withLock { s in
                if let exit = s.exit { return .some(exit) }
                if s.cancelledWaiters.remove(id) != nil { return .some(nil) }
                s.waiters[id] = continuation
                return nil
            }
            if let done { continuation.resume(returning: done) }
        }
    }

    /// SIGTERM to its process group, SIGKILL after `grace`; then SIGKILL to what is left in the group.
    public func terminate(grace: Duration) async {
        guard exitStatus == nil else { return }
        signalGroup(SIGTERM)
        let deadline = ContinuousClock.now + grace
        while exitStatus == nil, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        if exitStatus == nil { signalGroup(SIGKILL) }
        _ = await waitForExit()
        // Children the handler left behind in its group go too.
        signalGroup(SIGKILL)
    }

    /// The process group first (the child is its leader), then the process itself.
    public func signalGroup(_ signal: Int32) {
        _ = kill(-pid, signal)
        _ = kill(pid, signal)
    }
}

/// `argv` and `envp` of a spawn, handed to the spawning thread. The launcher frees them only after
/// that thread has signalled that `posix_spawn` returned, so the thread never reads freed memory.
private struct UncheckedPointers: @unchecked Sendable {
    let argv: [UnsafeMutablePointer<CChar>?]
    let envp: [UnsafeMutablePointer<CChar>?]
}
