public import Foundation
import HearthSystem
import Synchronization

/// Runs an administrative command (python, pip) to completion: not function code, so not in the
/// sandbox. Output is collected (the last 200 lines) for errors and deployment logs.
public enum CommandRunner {
    public struct Result: Sendable {
        public var status: Int32
        public var output: [String]
    }

    /// Lines of output kept (the last ones).
    static let keptLines = 200

    /// - Parameters:
    ///   - workingDirectory: Where it runs (default: Hearth's working directory).
    ///   - environment: Its whole environment (default: Hearth's).
    /// - Throws: ``RuntimeError`` when the program cannot start or runs past `timeout` (it is stopped:
    ///   SIGTERM, then SIGKILL after 5 s, to it and what it started).
    public static func run(
        _ executable: String,
        _ arguments: [String],
        workingDirectory: URL? = nil,
        environment: [String: String]? = nil,
        timeout: Duration = .seconds(600)
    ) async throws -> Result {
        let collected = Mutex<[String]>([])
        let process: SpawnedProcess
        do {
            process = try SpawnedProcess.spawn(
                executable: executable,
                arguments: arguments,
                environment: environment ?? ProcessInfo.processInfo.environment,
                workingDirectory: workingDirectory?.path ?? FileManager.default.currentDirectoryPath,
                output: { line in
                    collected.withLock {
                        $0.append(line.text)
                        if $0.count > keptLines { $0.removeFirst($0.count - keptLines) }
                    }
                }
            )
        } catch let error as SpawnError {
            throw RuntimeError(error.message)
        }
        var exit = await process.waitForExit(upTo: timeout)
        if exit == nil {
            await process.terminate(grace: .seconds(5))
            exit = await process.waitForExit()
        }
        await process.waitForOutputEnd()
        let output = collected.withLock { $0 }
        switch exit {
        case .exited(let status):
            return Result(status: status, output: output)
        default:
            let last = output.suffix(5)
            let tail = last.isEmpty ? "" : "; last output: " + last.joined(separator: " | ")
            let command = "\(URL(fileURLWithPath: executable).lastPathComponent) \(arguments.prefix(3).joined(separator: " "))"
            throw RuntimeError("\(command) was stopped after \(timeout)\(tail)")
        }
    }
}

/// A runtime could not be installed or used; the message says what to do.
public struct RuntimeError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
