import Foundation
import HearthRuntimes

extension PythonRuntime {
    /// The worker's command line, exactly the arguments 1.1.9 accepts (it exits on any other).
    func arguments(host: String = "127.0.0.1", port: Int, workerID: String, requestID: String) -> [String] {
        [
            "-m", "azure_functions_worker", "--host", host, "--port", String(port), "--workerId", workerID, "--requestId", requestID,
            "--grpcMaxMessageLength", String(Int32.max),
        ]
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
