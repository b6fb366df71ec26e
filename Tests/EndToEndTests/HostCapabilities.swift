import Foundation

/// What this machine can run, for `.enabled(if:)` on suites that need it.
enum HostCapabilities {
    /// bwrap and a writable cgroup hierarchy (v2, or the v1 memory controller) are present, so
    /// `hearth serve` can sandbox apps (its default). Where not, the end-to-end servers run with
    /// `--no-isolation` and the sandbox suites are skipped.
    static let sandbox: Bool = {
        let v2 = FileManager.default.fileExists(atPath: "/sys/fs/cgroup/cgroup.controllers")
        let cgroups = v2 ? "/sys/fs/cgroup" : "/sys/fs/cgroup/memory"
        let available = FileManager.default.isExecutableFile(atPath: "/usr/bin/bwrap") && access(cgroups, W_OK) == 0
        if !available {
            print("EndToEndTests: no /usr/bin/bwrap or \(cgroups) is not writable; apps run with --no-isolation and the sandbox tests are skipped")
        }
        return available
    }()

    /// Debian's nginx, for the TLS-terminating proxy test.
    static let nginx = "/usr/sbin/nginx"
    static var nginxInstalled: Bool { FileManager.default.isExecutableFile(atPath: nginx) }

    /// Node.js is installed where Hearth looks for it.
    static var node: Bool { ["/usr/bin/node", "/usr/local/bin/node"].contains { FileManager.default.isExecutableFile(atPath: $0) } }
}

extension HostCapabilities {
    /// The Python worker's environment the Python suites use: `HEARTH_TEST_PYTHON_RUNTIME`, else
    /// `.build/python-runtime`, which `scripts/test.sh` installs (`hearth runtimes install python
    /// --directory .build/python-runtime`). The suites fail, not skip, when it is missing.
    static var pythonRuntime: String {
        ProcessInfo.processInfo.environment["HEARTH_TEST_PYTHON_RUNTIME"]
            ?? HearthServer.packageRoot.appendingPathComponent(".build/python-runtime").path
    }

    static func requirePythonRuntime() throws {
        let main = URL(fileURLWithPath: pythonRuntime).appendingPathComponent("bin/python").path
        guard FileManager.default.isExecutableFile(atPath: main) else {
            throw TestFailure(
                "the Python worker is not installed at \(pythonRuntime): run scripts/test.sh, or `hearth runtimes install python --directory .build/python-runtime`"
            )
        }
    }
}
