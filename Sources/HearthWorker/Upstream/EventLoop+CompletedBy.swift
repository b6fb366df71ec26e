import NIOCore

extension EventLoop {
    /// The future form of a call whose primitive takes a completion (``UpstreamPool``'s
    /// `execute`, ``CustomHandlerHost``'s `startHTTP`): a promise of this loop, completed with
    /// what `start` hands its completion (once; a later call would be ignored).
    func makeFuture<Value: Sendable>(
        completedBy start: (@escaping @Sendable (Result<Value, any Error>) -> Void) -> Void
    ) -> EventLoopFuture<Value> {
        let promise = makePromise(of: Value.self)
        start { promise.completeWith($0) }
        return promise.futureResult
    }
}
