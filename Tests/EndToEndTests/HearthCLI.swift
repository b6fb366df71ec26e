import Foundation

/// Runs the `hearth` binary as a command and returns its exit status and everything it printed.
enum HearthCLI {
    /// - Parameter environment: variables to set (a `nil` value removes one) on top of the test's own.
    static func run(_ arguments: [String], environment: [String: String?] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = HearthServer.binary
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        for (name, value) in environment { merged[name] = value }
        process.environment = merged
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
