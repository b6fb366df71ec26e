public import Foundation

/// Runs an administrative command (python, pip) to completion: not function code, so not in the
/// sandbox. Output is collected (the last 200 lines) for errors and deployment logs.
public enum CommandRunner {
    public struct Result: Sendable {
        public var status: Int32
        public var output: [String]
    }

    /// - Throws: ``RuntimeError`` when the program cannot start or runs past `timeout` (it is killed).
    public static func run(
        _ executable: String, _ arguments: [String], workingDirectory: URL? = nil, environment: [String: String]? = nil, timeout: Duration = .seconds(600)
    ) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let workingDirectory { process.currentDirectoryURL = workingDirectory }
        if let environment { process.environment = environment }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        let collected = OutputLines()
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if !data.isEmpty { collected.add(data) }
        }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: RuntimeError("cannot start \(executable): \(error.localizedDescription)"))
                return
            }
            let pid = process.processIdentifier
            Task {
                try? await Task.sleep(for: timeout)
                if process.isRunning, process.processIdentifier == pid { process.terminate() }
            }
        }
        pipe.fileHandleForReading.readabilityHandler = nil
        if let rest = try? pipe.fileHandleForReading.readToEnd() { collected.add(rest) }
        if process.terminationReason == .uncaughtSignal {
            throw RuntimeError("\(URL(fileURLWithPath: executable).lastPathComponent) \(arguments.prefix(3).joined(separator: " ")) was stopped after \(timeout)\(collected.tail())")
        }
        return Result(status: status, output: collected.lines)
    }
}

/// Lines of output, kept in order; only the last 200.
final class OutputLines: @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = Data()
    private var kept: [String] = []

    func add(_ data: Data) {
        lock.lock()
        defer { lock.unlock() }
        buffer.append(data)
        while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
            kept.append(String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self))
            buffer.removeSubrange(buffer.startIndex...newline)
            if kept.count > 200 { kept.removeFirst() }
        }
    }

    var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return buffer.isEmpty ? kept : kept + [String(decoding: buffer, as: UTF8.self)]
    }

    func tail(_ count: Int = 5) -> String {
        let last = lines.suffix(count)
        return last.isEmpty ? "" : "; last output: " + last.joined(separator: " | ")
    }
}

/// A runtime could not be installed or used; the message says what to do.
public struct RuntimeError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
