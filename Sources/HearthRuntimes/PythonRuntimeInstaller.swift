public import Foundation

/// Makes the Python worker's environment (`hearth runtimes install python`): a virtual
/// environment of the machine's Python 3 with ``PythonRuntime/workerPackage`` (installed without
/// its dependency pins) and ``PythonRuntime/supportPackages``, from PyPI.
public enum PythonRuntimeInstaller {
    /// - Parameters:
    ///   - python3: The Python used for the environment (it must have `venv`).
    ///   - progress: Receives a line per step.
    public static func install(_ runtime: PythonRuntime, python3: String = "/usr/bin/python3", progress: @Sendable (String) -> Void) async throws {
        let fm = FileManager.default
        guard fm.isExecutableFile(atPath: python3) else {
            throw RuntimeError("no Python 3 at \(python3); install it (apt-get install python3 python3-venv) or pass --python3")
        }
        try fm.createDirectory(at: runtime.directory.deletingLastPathComponent(), withIntermediateDirectories: true)
        progress("creating the virtual environment \(runtime.directory.path)")
        try await step(python3, ["-m", "venv", "--clear", runtime.directory.path], hint: "install the venv module (apt-get install python3-venv)")
        let pip = [runtime.python, "-m", "pip", "install", "--disable-pip-version-check", "--no-input"]
        progress("installing \(PythonRuntime.workerPackage) (without its pins)")
        try await step(
            pip[0],
            Array(pip.dropFirst()) + ["--no-deps", PythonRuntime.workerPackage],
            hint: "check that this machine reaches PyPI (or a mirror set in pip.conf)"
        )
        progress("installing \(PythonRuntime.supportPackages.joined(separator: " "))")
        try await step(
            pip[0],
            Array(pip.dropFirst()) + PythonRuntime.supportPackages,
            hint: "check that this machine reaches PyPI (or a mirror set in pip.conf)"
        )
        progress("checking that the worker imports")
        try await step(
            runtime.python,
            ["-c", "import azure_functions_worker.main, grpc, azure.functions"],
            hint: "reinstall with `hearth runtimes install python`"
        )
        if let problem = runtime.problem { throw RuntimeError(problem) }
        try writePreimportHook(runtime)
    }

    /// Brings an existing environment to the pinned packages (pip does nothing, offline, when they
    /// are already there) and rewrites the hook.
    public static func update(_ runtime: PythonRuntime, progress: @Sendable (String) -> Void) async throws {
        progress("checking \(PythonRuntime.supportPackages.joined(separator: " "))")
        try await step(
            runtime.python,
            ["-m", "pip", "install", "--disable-pip-version-check", "--no-input"] + PythonRuntime.supportPackages,
            hint: "check that this machine reaches PyPI (or a mirror set in pip.conf)"
        )
        try writePreimportHook(runtime)
    }

    /// The `.pth` hook of the environment: a worker started with `HEARTH_PYTHON_PREIMPORT=a,b`
    /// imports those modules as the interpreter starts. The pre-started pool uses it to import
    /// `azure.functions` while it waits, instead of during the app's first request (the worker's
    /// `FunctionEnvironmentReloadRequest` handler imports it). Without the variable it does nothing.
    public static func writePreimportHook(_ runtime: PythonRuntime) throws {
        let lib = runtime.directory.appendingPathComponent("lib")
        let versions = try FileManager.default.contentsOfDirectory(atPath: lib.path).filter { $0.hasPrefix("python") }
        for version in versions {
            let hook = lib.appendingPathComponent("\(version)/site-packages/\(preimportHookName)")
            try Data(preimportHook.utf8).write(to: hook, options: .atomic)
        }
    }

    static let preimportHookName = "hearth-preimport.pth"
    static let preimportHook = """
        import os; [__import__(m) for m in os.environ.get("HEARTH_PYTHON_PREIMPORT", "").split(",") if m]

        """

    private static func step(_ executable: String, _ arguments: [String], hint: String) async throws {
        let result = try await CommandRunner.run(executable, arguments)
        guard result.status == 0 else {
            let tail = result.output.suffix(8).joined(separator: "\n  ")
            throw RuntimeError(
                "\(URL(fileURLWithPath: executable).lastPathComponent) \(arguments.joined(separator: " ")) failed (exit \(result.status)); \(hint)\n  \(tail)"
            )
        }
    }
}
