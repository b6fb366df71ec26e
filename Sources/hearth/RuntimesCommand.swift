internal import ArgumentParser
internal import Foundation
internal import HearthRuntimes

/// `hearth runtimes install python|status` — the language runtimes apps run on this machine.
struct RuntimesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runtimes",
        abstract: "Install and check the language runtimes of this machine (the Python worker).",
        subcommands: [RuntimesInstallCommand.self, RuntimesStatusCommand.self]
    )
}

/// Where the runtimes live: below the data directory unless `--directory` says otherwise.
struct RuntimeLocationOptions: ParsableArguments {
    @Option(help: "Hearth's data directory; the runtime goes to <data-dir>/runtimes/<language>.")
    var dataDir: String = ".hearth"

    @Option(help: "Install to or check this directory instead (then pass it to 'hearth serve --python-runtime').")
    var directory: String?

    func python() -> PythonRuntime {
        if let directory { return PythonRuntime(directory: URL(fileURLWithPath: directory).standardizedFileURL) }
        return PythonRuntime(directory: PythonRuntime.defaultDirectory(dataDirectory: URL(fileURLWithPath: dataDir).standardizedFileURL))
    }
}

enum RuntimeLanguage: String, ExpressibleByArgument, CaseIterable {
    case python
}

struct RuntimesInstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install a language runtime: 'python' makes a virtual environment with the official Azure Functions Python worker 1.1.9 from PyPI."
    )

    @Argument(help: "The language: python.")
    var language: RuntimeLanguage

    @OptionGroup var location: RuntimeLocationOptions

    @Option(help: "The Python 3 the environment is made from.")
    var python3: String = "/usr/bin/python3"

    @Flag(help: "Install again even when the runtime is already there.")
    var force = false

    func run() async throws {
        let runtime = location.python()
        if location.directory == nil {
            // Made as `hearth serve` makes it (0700) when this comes first.
            try FileManager.default.createDirectory(
                at: URL(fileURLWithPath: location.dataDir),
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
        }
        if runtime.problem == nil, !force {
            do {
                try await PythonRuntimeInstaller.update(runtime) { Console.say("python: \($0)") }
            } catch let error as RuntimeError {
                Console.error("error: \(error.description)")
                throw ExitCode(1)
            }
            Console.say("python: installed at \(runtime.directory.path) (--force to make it again from scratch)")
            return
        }
        do {
            try await PythonRuntimeInstaller.install(runtime, python3: python3) { Console.say("python: \($0)") }
        } catch let error as RuntimeError {
            Console.error("error: \(error.description)")
            throw ExitCode(1)
        }
        Console.say("python: installed at \(runtime.directory.path)")
    }
}

struct RuntimesStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Say whether each language runtime is installed.")

    @OptionGroup var location: RuntimeLocationOptions

    func run() async throws {
        let runtime = location.python()
        if let problem = runtime.problem {
            Console.say("python: not ready: \(problem)")
            throw ExitCode(1)
        }
        Console.say("python: ready at \(runtime.directory.path)")
    }
}
