import NIOCore
import NIOHTTP1

/// A complete HTTP response from a handler process.
struct UpstreamResponse: Sendable {
    var head: HTTPResponseHead
    var body: ByteBuffer
}

/// What the pool sends: a request head, its body, when the reply must have come, and the promise
/// the reply completes.
struct UpstreamRequest: Sendable {
    var head: HTTPRequestHead
    var body: ByteBuffer?
    var deadline: NIODeadline
    var promise: EventLoopPromise<UpstreamResponse>
}
