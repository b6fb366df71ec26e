import ServiceLifecycle

/// Holds the worker's ``WorkerProcessLock`` until graceful shutdown (or cancellation). First among
/// the worker's services, it is released after every other part stopped, so no second process of
/// the same worker can take the lock while this one still runs invocations.
struct WorkerProcessLockService: Service {
    /// `nil` when another live process of this worker holds the lock.
    let lock: WorkerProcessLock?

    func run() async throws {
        try? await gracefulShutdown()
        withExtendedLifetime(lock) {}
    }
}
