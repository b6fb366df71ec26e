import Foundation
import HearthTestSupport

/// Runs the `hearth` binary as a command and returns its exit status and everything it printed.
enum HearthCLI {
    /// - Parameter environment: variables to set (a `nil` value removes one) on top of the test's own.
    static func run(_ arguments: [String], environment: [String: String?] = [:]) throws -> (status: Int32, output: String) {
        try ProgramRun.run(HearthServer.binary, arguments, environment: environment)
    }
}
