public import HearthSystem

/// Starts processes directly on the host, without isolation: the app's code can read everything
/// Hearth's user can. Used only with `hearth serve --no-isolation` and in tests.
///
/// The child gets an empty signal mask, default handlers for every signal, its own process group
/// (so stopping it reaches the processes it started), its working directory, exactly the
/// environment of its ``ProcessSpec`` and no descriptor of Hearth's but stdin, stdout and stderr
/// (see ``SpawnedProcess``). Mounts and limits of the spec are ignored.
public struct DirectProcessLauncher: ProcessLauncher {
    public init() {}

    public var statusNote: String? {
        "WARNING: not isolated (hearth serve --no-isolation): the app's code runs as Hearth's user and can read Hearth's data and other apps"
    }

    public func launch(_ spec: ProcessSpec, output: @escaping @Sendable (ProcessOutputLine) -> Void) throws -> any LaunchedProcess {
        try WorkerError.launching {
            try SpawnedProcess.spawn(
                executable: spec.executable,
                arguments: spec.arguments,
                environment: spec.environment,
                workingDirectory: spec.workingDirectory,
                output: output
            )
        }
    }
}
