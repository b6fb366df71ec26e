import Foundation
import HearthRuntimes
import HearthTestSupport
import Logging
import Testing

@testable import HearthWorker

/// The Python worker's command line: its own logger is quiet (WARNING) unless Hearth logs at debug
/// level or below, where it shows the worker's system logs; and worker 1.1.9, which exits on an
/// argument it does not know, accepts the whole line.
@Suite struct PythonWorkerArgumentsTests {
    static func arguments(_ level: Logger.Level) -> [String] {
        PythonQueueBindingTests.runtime.arguments(port: 4711, workerID: "w", requestID: "r", hostLogLevel: level)
    }

    static func logLevel(in arguments: [String]) -> String? {
        arguments.firstIndex(of: "--log-level").flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
    }

    @Test func theWorkerLogsEveryInvocationOnlyWhenHearthShowsIt() {
        #expect(Self.logLevel(in: Self.arguments(.trace)) == "TRACE")
        #expect(Self.logLevel(in: Self.arguments(.debug)) == "INFO")
        for level in [Logger.Level.info, .notice, .warning, .error, .critical] {
            #expect(Self.logLevel(in: Self.arguments(level)) == "WARNING", "\(level)")
        }
    }

    @Test func workerOneOneNineAcceptsTheCommandLine() throws {
        let runtime = PythonQueueBindingTests.runtime
        if let problem = runtime.problem {
            Issue.record("\(problem) (set HEARTH_TEST_PYTHON_RUNTIME)")
            return
        }
        // The worker's own parser (it exits with status 2 on an unknown argument), without starting it.
        let script =
            "import sys; from azure_functions_worker.main import parse_args; sys.argv[0] = 'worker'; a = parse_args(); print(a.log_level, a.port)"
        for level in [Logger.Level.debug, .info] {
            let arguments = Self.arguments(level).dropFirst(2)  // "-m azure_functions_worker": run the parser directly
            let result = try ProgramRun.run(URL(fileURLWithPath: runtime.python), ["-c", script] + arguments)
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines) == "\(level == .debug ? "INFO" : "WARNING") 4711")
        }
    }
}
