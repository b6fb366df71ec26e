import Foundation
import HearthCore

extension NodeWorkerScript {
    /// Writes the script to `<dataDirectory>/runtime/` (again only when it changed) and returns how
    /// to run a `FUNCTIONS_WORKER_RUNTIME=node` app with it: `node <script>` as the app's custom
    /// handler, and the `runtime/` directory as a read-only mount for the sandbox (nothing else of the
    /// data directory is visible there).
    /// - Parameter node: The `node` program; `nil` = `node` on the handlers' `PATH`.
    /// - Throws: ``WorkerError`` when Node is not installed or the script cannot be written.
    static func install(dataDirectory: URL, node: String?) throws -> (handler: CustomHandlerConfiguration, mounts: [ProcessSpec.Mount]) {
        let fm = FileManager.default
        let executable: String
        if let node {
            executable = node
        } else {
            let path = CustomHandlerEnvironment.base["PATH"] ?? "/usr/bin"
            guard let found = path.split(separator: ":").map({ "\($0)/node" }).first(where: { fm.isExecutableFile(atPath: $0) }) else {
                throw WorkerError(
                    .launchFailed,
                    "FUNCTIONS_WORKER_RUNTIME is 'node' but Node.js is not installed (no node on \(path)); install Node.js 18 or newer (apt-get install nodejs)"
                )
            }
            executable = found
        }
        let directory = dataDirectory.appendingPathComponent("runtime")
        let script = directory.appendingPathComponent(fileName)
        let data = Data(source.utf8)
        if fm.contents(atPath: script.path) != data {
            do {
                try fm.createDirectory(at: directory, withIntermediateDirectories: true)
                try data.write(to: script, options: .atomic)
            } catch {
                throw WorkerError(
                    .launchFailed,
                    "cannot write the Node worker to \(script.path): \(error); check that Hearth may write its data directory",
                    cause: error
                )
            }
        }
        let handler = CustomHandlerConfiguration(executablePath: executable, arguments: [script.path])
        return (handler, [ProcessSpec.Mount(source: directory.path, destination: sandboxDirectory)])
    }
}
