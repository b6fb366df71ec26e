import Foundation
import Synchronization

/// Starts processes directly on the host, without isolation.
///
/// This is the launcher of the foundation; the sandboxed launcher wraps the same ``ProcessSpec``.
public struct DirectProcessLauncher: ProcessLauncher {
    public init() {}

    public func launch(_ spec: ProcessSpec, output: @escaping @Sendable (ProcessOutputLine) -> Void) throws -> any LaunchedProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: spec.executable)
        process.arguments = spec.arguments
        process.environment = spec.environment
        process.currentDirectoryURL = URL(fileURLWithPath: spec.workingDirectory)
        process.standardInput = FileHandle.nullDevice
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        let launched = DirectLaunchedProcess(process: process)
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
        process.terminationHandler = { p in
            let exit: ProcessExit = p.terminationReason == .uncaughtSignal ? .signalled(p.terminationStatus) : .exited(p.terminationStatus)
            launched.exited(exit)
        }
        do {
            try process.run()
        } catch {
            throw WorkerError(.launchFailed, "cannot start \(spec.executable): \(error.localizedDescription)", cause: error)
        }
        launched.started(pid: process.processIdentifier)
        return launched
    }
}

/// A process started by ``DirectProcessLauncher``. Foundation's `Process` is not `Sendable`; this
/// wrapper only touches it to start it and reads state through a mutex.
final class DirectLaunchedProcess: LaunchedProcess, @unchecked Sendable {
    private struct State {
        var pid: Int32 = 0
        var exit: ProcessExit?
        var waiters: [CheckedContinuation<ProcessExit, Never>] = []
    }
    private let state = Mutex(State())
    // Kept alive until the process exits; only used from `launch`.
    private let process: Process

    init(process: Process) { self.process = process }

    func started(pid: Int32) { state.withLock { $0.pid = pid } }

    func exited(_ exit: ProcessExit) {
        let waiters = state.withLock { s in
            s.exit = exit
            defer { s.waiters = [] }
            return s.waiters
        }
        for waiter in waiters { waiter.resume(returning: exit) }
    }

    var pid: Int32 { state.withLock { $0.pid } }
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
        let pid = self.pid
        guard pid > 0, exitStatus == nil else { return }
        signalTree(pid, SIGTERM)
        let deadline = ContinuousClock.now + grace
        while exitStatus == nil, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if exitStatus == nil { signalTree(pid, SIGKILL) }
        _ = await waitForExit()
    }

    private func signalTree(_ pid: Int32, _ signal: Int32) {
        // The process group first (children a handler spawned), then the process itself.
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
