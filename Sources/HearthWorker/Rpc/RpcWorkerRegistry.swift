import Foundation
import Synchronization

/// The language workers Hearth started and is waiting for: a worker's event stream is accepted
/// only for an id registered here, and only once.
final class RpcWorkerRegistry: Sendable {
    private struct Waiting {
        /// The endpoint the worker must connect through (``FunctionRpcServer/sharedEndpoint`` or a
        /// sandbox endpoint's own): a stream arriving through any other is refused.
        var endpoint: String = FunctionRpcServer.sharedEndpoint
        var connection: RpcWorkerConnection?
        var continuation: CheckedContinuation<RpcWorkerConnection, any Error>?
        var claimed = false
    }

    private let waiting = Mutex<[String: Waiting]>([:])

    /// Registers a worker id before its process starts.
    /// - Parameter endpoint: The endpoint the worker is told to connect through; a stream with its id
    ///   is accepted only there (a worker id on a command line admits no one through another endpoint).
    func expect(_ connection: RpcWorkerConnection, endpoint: String = FunctionRpcServer.sharedEndpoint) {
        waiting.withLock { $0[connection.workerID] = Waiting(endpoint: endpoint, connection: connection) }
    }

    /// Moves a registered worker to another endpoint (its sandbox's own) before it is launched.
    func assign(workerID: String, to endpoint: String) {
        waiting.withLock { $0[workerID]?.endpoint = endpoint }
    }

    /// The server's side: the connection for a stream that says `workerID` and arrived through
    /// `endpoint`, or `nil` if unknown, taken, or expected elsewhere.
    func claim(workerID: String, endpoint: String = FunctionRpcServer.sharedEndpoint) -> RpcWorkerConnection? {
        let claimed = waiting.withLock { all -> (RpcWorkerConnection?, CheckedContinuation<RpcWorkerConnection, any Error>?) in
            guard var entry = all[workerID], entry.endpoint == endpoint, !entry.claimed, let connection = entry.connection else { return (nil, nil) }
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
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<RpcWorkerConnection, any Error>) in
                enum Outcome {
                    case ready(RpcWorkerConnection)
                    case failed(any Error)
                    case waiting
                }
                // Decided under one lock: a cancellation or removal that came first is seen here.
                let outcome = waiting.withLock { all -> Outcome in
                    guard var entry = all[workerID] else { return .failed(WorkerError(.startFailed, "worker id \(workerID) is not registered")) }
                    if entry.claimed, let connection = entry.connection { return .ready(connection) }
                    if Task.isCancelled { return .failed(CancellationError()) }
                    entry.continuation = continuation
                    all[workerID] = entry
                    return .waiting
                }
                switch outcome {
                case .ready(let connection): continuation.resume(returning: connection)
                case .failed(let error): continuation.resume(throwing: error)
                case .waiting: break
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
