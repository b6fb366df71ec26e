import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Starts processes directly on the host, without isolation.
///
/// It uses `posix_spawn` rather than Foundation's `Process`, because the child must start clean:
/// `Process` hands the parent's blocked-signal mask to the child (swift-corelibs-foundation
/// issue 4772), so a handler would ignore SIGTERM. Here the child gets an empty signal mask, default
/// handlers for every signal, its own process group (so stopping it reaches the processes it
/// started), its working directory, and exactly the environment of its ``ProcessSpec``.
public struct DirectProcessLauncher: ProcessLauncher {
    public init() {}

    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    /// glibc's `posix_spawn_file_actions_addchdir_np` (2.29+). It is a GNU extension the Glibc
    /// module does not export, so it is looked up once by name (RTLD_DEFAULT is a null handle on glibc).
    private static let addChdir: AddChdir? = dlsym(nil, "posix_spawn_file_actions_addchdir_np").map { unsafeBitCast($0, to: AddChdir.self) }

    public func launch(_ spec: ProcessSpec, output: @escaping @Sendable (ProcessOutputLine) -> Void) throws -> any LaunchedProcess {
        let stdout = Pipe()
        let stderr = Pipe()
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout.fileHandleForWriting.fileDescriptor, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr.fileHandleForWriting.fileDescriptor, 2)
        guard let addChdir = Self.addChdir, addChdir(&actions, spec.workingDirectory) == 0 else {
            throw WorkerError(.launchFailed, "cannot set the working directory \(spec.workingDirectory): this C library lacks posix_spawn_file_actions_addchdir_np (glibc 2.29 or newer has it)")
        }

        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv = ([spec.executable] + spec.arguments).map { strdup($0) } + [nil]
        let envp = spec.environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, spec.executable, &actions, &attributes, argv, envp)
        // The child has its copies of the write ends; close ours so reads end when it exits.
        try? stdout.fileHandleForWriting.close()
        try? stderr.fileHandleForWriting.close()
        guard status == 0 else {
            throw WorkerError(.launchFailed, "cannot start \(spec.executable): \(String(cString: strerror(status)))")
        }
        let process = SpawnedProcess(pid: pid, outputs: [stdout.fileHandleForReading, stderr.fileHandleForReading])
        for (pipe, stream) in [(stdout, ProcessOutputLine.Stream.stdout), (stderr, .stderr)] {
            let splitter = LineSplitter()
            pipe.fileHandleForReading.readabilityHandler = { handle in
                let data = handle.availableData
                if data.isEmpty {
                    handle.readabilityHandler = nil
                    if let rest = splitter.finish() { output(ProcessOutputLine(stream: stream, text: rest)) }
                    return
                }
                for line in splitter.feed(data) { output(ProcessOutputLine(stream: stream, text: line)) }
            }
        }
        process.startReaping()
        return process
    }
}

/// A process started with `posix_spawn`. A dedicated thread waits for it (`waitpid` blocks, so it
/// must not run on the cooperative pool or an event loop) and records how it ended.
final class SpawnedProcess: LaunchedProcess {
    private struct State {
        var exit: ProcessExit?
        var waiters: [CheckedContinuation<ProcessExit, Never>] = []
    }
    let pid: Int32
    private let state = Mutex(State())
    /// The read ends of the child's stdout and stderr, kept open as long as the process object lives
    /// (a `FileHandle` closes its descriptor when released, which would cut the output off).
    private let outputs: [FileHandle]

    init(pid: Int32, outputs: [FileHandle]) {
        self.pid = pid
        self.outputs = outputs
    }

    func startReaping() {
        let thread = Thread { [self] in
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            // WIFEXITED / WEXITSTATUS / WTERMSIG, spelled out (they are macros in C).
            let signal = status & 0x7F
            exited(signal == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signal))
        }
        thread.name = "hearth-reaper-\(pid)"
        thread.start()
    }

    private func exited(_ exit: ProcessExit) {
        let waiters = state.withLock { s in
            s.exit = exit
            defer { s.waiters = [] }
            return s.waiters
        }
        for waiter in waiters { waiter.resume(returning: exit) }
    }

    var exitStatus: ProcessExit? { state.withLock { $0.exit } }

    func waitForExit() async -> ProcessExit {
        await withCheckedContinuation { continuation in
            let done: ProcessExit? = state.withLock { s in
                if let exit = s.exit { return exit }
                s.waiters.append(continuation)
                return nil
            }
            if let done { continuation.resume(returning: done) }
        }
    }

    func terminate(grace: Duration) async {
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
    private func signalGroup(_ signal: Int32) {
        _ = kill(-pid, signal)
        _ = kill(pid, signal)
    }
}

/// Splits a byte stream into UTF-8 lines.
final class LineSplitter: @unchecked Sendable {
    // Only called from one readability handler at a time (FileHandle serialises them).
    private var buffer = Data()

    func feed(_ data: Data) -> [String] {
        buffer.append(data)
        var lines: [String] = []
        while let newline = buffer.firstIndex(of: 0x0A) {
            var line = buffer[buffer.startIndex..<newline]
            if line.last == 0x0D { line = line.dropLast() }
            lines.append(String(decoding: line, as: UTF8.self))
            buffer.removeSubrange(buffer.startIndex...newline)
        }
        if buffer.count > 64 * 1024 {
            lines.append(String(decoding: buffer, as: UTF8.self))
            buffer.removeAll()
        }
        return lines
    }

    func finish() -> String? {
        defer { buffer.removeAll() }
        return buffer.isEmpty ? nil : String(decoding: buffer, as: UTF8.self)
    }
}
