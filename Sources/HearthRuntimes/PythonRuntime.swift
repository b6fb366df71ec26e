public import Foundation

/// The official Azure Functions Python worker (PyPI `azure-functions-worker` 1.1.9, unmodified) in
/// its own virtual environment, made by `hearth runtimes install python`
/// (default `<data dir>/runtimes/python`). A sandbox sees it read-only at ``sandboxDirectory``.
public struct PythonRuntime: Sendable {
    /// The packages of the environment: the worker without its pins (they name a grpcio without
    /// wheels for current Pythons), a current grpcio, the protobuf its generated code needs, and the
    /// `azure.functions` library apps import — before 1.11, which moves `Set-Cookie` headers into a
    /// `cookies` field that worker 1.1.9 never sends (the cookies would be lost).
    public static let workerPackage = "azure-functions-worker==1.1.9"
    public static let supportPackages = ["grpcio", "protobuf==3.20.*", "azure-functions==1.10.1"]
    /// Where a sandboxed worker sees the environment.
    public static let sandboxDirectory = "/opt/hearth/python"
    /// Where an app's `requirements.txt` is installed, relative to the app root (as on Azure).
    public static let packagesFolder = ".python_packages/lib/site-packages"

    /// The virtual environment's root.
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// The default place below a data directory.
    public static func defaultDirectory(dataDirectory: URL) -> URL {
        dataDirectory.appendingPathComponent("runtimes/python")
    }

    /// The environment's `python`.
    public var python: String { directory.appendingPathComponent("bin/python").path }

    /// Why it cannot run workers, or `nil`.
    public var problem: String? {
        let fm = FileManager.default
        guard fm.isExecutableFile(atPath: python) else {
            return "the Python worker is not installed (no \(python)); run `hearth runtimes install python --data-dir <data dir>` on this machine"
        }
        let lib = directory.appendingPathComponent("lib")
        let versions = (try? fm.contentsOfDirectory(atPath: lib.path)) ?? []
        guard
            versions.contains(where: {
                fm.fileExists(atPath: lib.appendingPathComponent("\($0)/site-packages/azure_functions_worker/__main__.py").path)
            })
        else {
            return
                "the Python environment at \(directory.path) has no azure_functions_worker; run `hearth runtimes install python --data-dir <data dir>` again"
        }
        return nil
    }
}
