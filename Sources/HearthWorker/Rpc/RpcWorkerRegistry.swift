import Foundation
import Synchronization

/// The language workers Hearth started and is waiting for: a worker's event stream is accepted
/// only for an id registered here, and only once.
final class RpcWorkerRegistry: Sendable {
    private struct Waiting {
        var connection: RpcWorkerConnection?
        var continuation: CheckedContinuation<RpcWorkerConnection, any Error>?
        var claimed = false
    }

    private let waiting = Mutex<[String: Waiting]>([:])

    /// Registers a worker id before its process starts.
    func expect(_ connection: RpcWorkerConnection) {
        waiting.withLock { $0[connection.workerID] = Waiting(connection: connection) }
    }

    /// The server's side: the connection for a stream that says `workerID`, or `nil` if unknown or taken.
    func claim(workerID: String) -> RpcWorkerConnection? {
        let claimed = waiting.withLock { all -> (RpcWorkerConnection?, CheckedContinuation<RpcWorkerConnection, any Error>?) in
            guard var entry = all[workerID], !entry.claimed, let connection = entry.connection else { return (nil, nil) }
            entry.claimed = true
            let continuation = entry.continuation
            entry.continuation = nil
            all[workerID] = entry
            return (connection, continuation)
        }
        guard let connection = claimed.0 else { return nil }
        claimed.1?.resume(returning: connection)
        return connection
    }

    /// Waits until the worker's stream arrived (cancel the task to give up).
    func connected(workerID: String) async throws -> RpcWorkerConnection {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let ready = waiting.withLock { all -> RpcWorkerConnection? in
                    guard var entry = all[workerID] else { return nil }
                    if entry.claimed { return entry.connection }
                    entry.continuation = continuation
                    all[workerID] = entry
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
                else if waiting.withLock({ $0[workerID] == nil }) {
                    continuation.resume(throwing: WorkerError(.startFailed, "worker id \(workerID) is not registered"))
                }
            }
        } onCancel: {
            let continuation = waiting.withLock { all -> CheckedContinuation<RpcWorkerConnection, any Error>? in
                defer { all[workerID]?.continuation = nil }
                return all[workerID]?.continuation
            }
            continuation?.resume(throwing: CancellationError())
        }
    }

    /// Forgets a worker (it stopped or never connected).
    func remove(workerID: String) {
        let continuation = waiting.withLock { $0.removeValue(forKey: workerID)?.continuation }
        continuation?.resume(throwing: WorkerError(.startFailed, "the worker was stopped before it connected"))
    }
}
