import ServiceLifecycle

/// The last of the worker's services, so the first to hear a graceful shutdown (SIGTERM): it asks
/// the ``WorkerDrainService`` to drain the worker and returns when the drain finished, and only
/// then does the `ServiceGroup` stop the front (which finishes its in-flight requests).
struct WorkerStopGate: Service {
    let signal: WorkerStopSignal

    func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            return  // cancelled: the group is stopping without a drain
        }
        signal.request()
        await signal.finished()
    }
}
