import NIOCore
import NIOHTTP1

/// A complete HTTP response from a handler process.
struct UpstreamResponse: Sendable {
    var head: HTTPResponseHead
    var body: ByteBuffer
}

/// What the pool sends: the whole request as bytes (``UpstreamRequestEncoder``), when the reply
/// must have come, and the promise the reply completes.
struct UpstreamRequest: Sendable {
    var bytes: ByteBuffer
    var deadline: NIODeadline
    var promise: EventLoopPromise<UpstreamResponse>
}
