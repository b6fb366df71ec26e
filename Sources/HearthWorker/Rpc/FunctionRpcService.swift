import GRPCCore
import Logging

/// `AzureFunctionsRpcMessages.FunctionRpc/EventStream`: the one RPC a language worker opens. Its
/// first message must be `StartStream` with the worker id Hearth gave the process on its command
/// line; the stream is then bound to that worker's ``RpcWorkerConnection`` for its whole life.
/// Streams from unknown worker ids are refused, so another local process cannot pose as a worker.
struct FunctionRpcService: AzureFunctionsRpcMessages_FunctionRpc.SimpleServiceProtocol {
    let registry: RpcWorkerRegistry
    /// Which endpoint this service answers on: streams are admitted only for workers expected here.
    let endpoint: String
    let logger: Logger

    func eventStream(
        request: RPCAsyncSequence<RpcMessage, any Error>,
        response: RPCWriter<RpcMessage>,
        context: ServerContext
    ) async throws {
        var inbound = request.makeAsyncIterator()
        guard let first = try await inbound.next(), case .startStream(let start)? = first.content else {
            throw RPCError(code: .failedPrecondition, message: "the first message of the event stream must be StartStream")
        }
        guard let connection = registry.claim(workerID: start.workerID, endpoint: endpoint) else {
            logger.warning(
                "refused an event stream from an unknown worker",
                metadata: ["worker": "\(start.workerID)", "peer": "\(context.remotePeer)"]
            )
            throw RPCError(code: .permissionDenied, message: "unknown worker id '\(start.workerID)'")
        }
        logger.debug("language worker connected", metadata: ["worker": "\(start.workerID)"])
        var reason = "closed its event stream"
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    do {
                        for await message in connection.outbound { try await response.write(message) }
                    } catch {
                        // Nothing more reaches the worker: fail what waits instead of letting it time out.
                        connection.close(reason: "cannot be written to: \(error)")
                    }
                }
                while let message = try await inbound.next() { connection.receive(message) }
                group.cancelAll()
            }
        } catch {
            reason = "lost its event stream: \(error)"
        }
        connection.close(reason: reason)
    }
}
