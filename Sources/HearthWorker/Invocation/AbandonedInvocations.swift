import Foundation
import HearthStore
import Logging

/// At a worker's start: the invocations its earlier processes left `running` in the log are
/// marked `abandoned`, naming the worker, so none stays `running` forever after a crash.
///
/// Only rows of this worker's name and of an older process instance are touched, and only when
/// this process holds the worker's ``WorkerProcessLock`` (no other process of this worker is
/// alive): rows of other workers sharing the store are never touched.
struct AbandonedInvocations {
    let store: any WorkerStore
    let configuration: WorkerConfiguration
    let logger: Logger

    /// Marks the rows; returns the lock, to be held while the worker runs (`nil` when another
    /// live process of this worker holds it, and then nothing was marked).
    func markAtStart() async throws -> WorkerProcessLock? {
        guard let lock = WorkerProcessLock.take(dataDirectory: configuration.dataDirectory) else {
            logger.warning(
                "another process of this worker is running on the same data directory; invocations it runs are left as they are",
                metadata: ["worker": "\(configuration.workerID)", "dataDirectory": "\(configuration.dataDirectory.path)"]
            )
            return nil
        }
        let count = try await store.abandonInvocations(
            workerID: configuration.workerID,
            before: configuration.instanceID,
            error:
                "abandoned: the process of worker \(configuration.workerID) running this invocation stopped before its end was recorded (crash, kill or power loss); it may or may not have been answered"
        )
        if count > 0 {
            logger.warning(
                "marked invocations an earlier process of this worker left running as abandoned",
                metadata: ["worker": "\(configuration.workerID)", "invocations": "\(count)"]
            )
        }
        return lock
    }
}
