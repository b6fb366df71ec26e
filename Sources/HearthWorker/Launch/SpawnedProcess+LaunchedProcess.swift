public import HearthSystem

/// A process started directly (``DirectProcessLauncher``) is a launched process as it is.
extension SpawnedProcess: LaunchedProcess {}

extension WorkerError {
    /// Runs `body`, which starts a process; a ``SpawnError`` from it becomes a `launchFailed` error with its message.
    static func launching<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SpawnError {
            throw WorkerError(.launchFailed, error.message, cause: error)
        }
    }
}
