import NIOCore
import NIOHTTP1

/// A complete HTTP response from a handler process.
struct UpstreamResponse: Sendable {
    var head: HTTPResponseHead
    var body: ByteBuffer
}

/// How an upstream call ends: called exactly once, on the event loop the call was made for, with
/// the whole response or why there is none (never, if that loop has shut down: see
/// ``UpstreamPool/execute(_:deadline:on:completion:)``). A callback rather than a promise: on the warm path a
/// promise and the future it makes cost an allocation, a callback list and runtime generic
/// metadata lookups per call (issue #16).
typealias UpstreamCompletion = @Sendable (Result<UpstreamResponse, any Error>) -> Void

/// What the pool sends: the whole request as bytes (``UpstreamRequestEncoder``), when the reply
/// must have come, and what the reply (or its failure) is handed to.
struct UpstreamRequest: Sendable {
    var bytes: ByteBuffer
    var deadline: NIODeadline
    var completion: UpstreamCompletion
}
