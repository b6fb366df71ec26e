import Foundation
import HearthRuntimes
import Logging

extension PythonRuntime {
    /// The worker's command line, exactly the arguments 1.1.9 accepts (it exits on any other).
    /// - Parameter hostLogLevel: Hearth's log level, which decides the worker's own (``workerLogLevel(for:)``).
    func arguments(host: String = "127.0.0.1", port: Int, workerID: String, requestID: String, hostLogLevel: Logger.Level) -> [String] {
        [
            "-m", "azure_functions_worker", "--host", host, "--port", String(port), "--workerId", workerID, "--requestId", requestID,
            "--grpcMaxMessageLength", String(Int32.max), "--log-level", Self.workerLogLevel(for: hostLogLevel),
        ]
    }

    /// The level of the worker's own logger (`azure_functions_worker`; `--log-level`, default INFO).
    ///
    /// At INFO the worker logs every invocation ("Received FunctionInvocationRequest, …"), and each
    /// line is an `RpcLog` on the event stream sent before the invocation's response: a second
    /// message per call through the worker's gRPC threads, which send one message at a time, about
    /// a dozen more thread switches per call in the worker (bench/README.md, "Added latency").
    /// Hearth logs the worker's system logs at debug level only (``RpcWorkerConnection``), so the
    /// worker writes them only when Hearth would show them. Its warnings and errors always come;
    /// the functions' own logs (the root logger) are not affected.
    static func workerLogLevel(for hostLogLevel: Logger.Level) -> String {
        switch hostLogLevel {
        case .trace: "TRACE"
        case .debug: "INFO"
        default: "WARNING"
        }
    }

    /// The environment of a worker for an app at `appRoot` (a host path: a sandbox rewrites it).
    static func environment(settings: [String: String], appRoot: String, workerID: String) -> [String: String] {
        var environment = CustomHandlerEnvironment.app(settings: settings)
        environment["FUNCTIONS_WORKER_RUNTIME"] = "python"
        environment["FUNCTIONS_WORKER_ID"] = workerID
        environment["FUNCTIONS_APPLICATION_DIRECTORY"] = appRoot
        environment["AzureWebJobsScriptRoot"] = appRoot
        environment["PYTHONPATH"] = appRoot + "/" + packagesFolder
        environment["PYTHONUNBUFFERED"] = "1"
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        // The v4 host's default (1000) is outside 1.1.9's range (1–32) and would mean one thread;
        // Python's own default for thread pools lets synchronous functions run side by side.
        if settings["PYTHON_THREADPOOL_THREAD_COUNT"] == nil {
            environment["PYTHON_THREADPOOL_THREAD_COUNT"] = String(min(32, ProcessInfo.processInfo.activeProcessorCount + 4))
        }
        return environment
    }
}
