import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// Keep-alive HTTP/1.1 connections to one handler process on 127.0.0.1 (of the sandbox's own
/// network namespace when it has one: the connection's socket is made there, see ``NetworkNamespace``).
///
/// Connections are kept per event loop, and a request uses a connection of the event loop it runs
/// on (with NIO's event loops as the global executor, the one serving the caller's connection), so
/// the caller's request and the handler call stay on one thread. At most
/// `maxIdlePerLoop` idle connections are kept per loop; busier moments open more and close the
/// extra ones when they finish.
///
/// The fleet's forwarding between workers (``FleetForwarder``) uses the same pool with another
/// worker's `host`.
final class UpstreamPool: Sendable {
    let host: String
    let port: Int
    private let group: any EventLoopGroup
    private let maxBodyBytes: Int
    private let maxIdlePerLoop: Int
    private let idle = Mutex<[ObjectIdentifier: [any Channel]]>([:])
    private let closed = Mutex(false)
    private let namespace: NetworkNamespace?

    init(
        host: String = "127.0.0.1",
        port: Int,
        namespace: NetworkNamespace? = nil,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        maxBodyBytes: Int,
        maxIdlePerLoop: Int = 64
    ) {
        self.host = host
        self.port = port
        self.namespace = namespace
        self.group = group
        self.maxBodyBytes = maxBodyBytes
        self.maxIdlePerLoop = maxIdlePerLoop
    }

    /// Sends a request and returns the whole response. `deadline` bounds the entire exchange; past
    /// it the connection is closed and ``UpstreamDeadlineExceeded`` is thrown.
    func execute(_ head: HTTPRequestHead, body: ByteBuffer?, deadline: NIODeadline) async throws -> UpstreamResponse {
        let loop = MultiThreadedEventLoopGroup.currentEventLoop ?? group.next()
        return try await execute(head, body: body, deadline: deadline, on: loop).get()
    }

    /// Sends a request over a connection of `loop` (the caller's loop, so that nothing changes
    /// threads) and completes on `loop` with the whole response, or ``UpstreamDeadlineExceeded``
    /// past `deadline`. A connection that fails or passes its deadline is closed, never reused.
    func execute(_ head: HTTPRequestHead, body: ByteBuffer?, deadline: NIODeadline, on loop: any EventLoop) -> EventLoopFuture<UpstreamResponse> {
        checkout(on: loop).flatMap { channel in
            let promise = loop.makePromise(of: UpstreamResponse.self)
            let timeout = loop.scheduleTask(deadline: deadline) {
                promise.fail(UpstreamDeadlineExceeded())
                channel.close(promise: nil)
            }
            channel.writeAndFlush(UpstreamRequest(head: head, body: body, promise: promise), promise: nil)
            return promise.futureResult.always { result in
                timeout.cancel()
                switch result {
                case .success(let response): self.checkin(channel, reusable: response.head.isKeepAlive)
                case .failure: channel.close(promise: nil)
                }
            }
        }
    }

    /// Closes every idle connection; later requests fail.
    func close() {
        closed.withLock { $0 = true }
        let channels = idle.withLock { idle in
            defer { idle = [:] }
            return idle.values.flatMap { $0 }
        }
        for channel in channels { channel.close(promise: nil) }
    }

    private func checkout(on loop: any EventLoop) -> EventLoopFuture<any Channel> {
        let key = ObjectIdentifier(loop)
        while let channel = idle.withLock({ $0[key]?.popLast() }) {
            if channel.isActive { return loop.makeSucceededFuture(channel) }
        }
        if closed.withLock({ $0 }) { return loop.makeFailedFuture(WorkerError(.unavailable, "the handler's connections are closed")) }
        let maxBodyBytes = self.maxBodyBytes
        let bootstrap = ClientBootstrap(group: loop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(UpstreamChannelHandler(maxBodyBytes: maxBodyBytes))
                }
            }
        guard let namespace else { return bootstrap.connect(host: host, port: port) }
        // Entering the namespace and a (loopback, immediate) blocking connect, off the event loop.
        let port = self.port
        return NIOThreadPool.singleton.runIfActive(eventLoop: loop) { try namespace.connect(port: port) }
            .flatMap { descriptor in bootstrap.withConnectedSocket(descriptor) }
    }

    private func checkin(_ channel: any Channel, reusable: Bool) {
        guard channel.isActive, !closed.withLock({ $0 }) else {
            channel.close(promise: nil)
            return
        }
        guard reusable else {
            channel.close(promise: nil)
            return
        }
        let key = ObjectIdentifier(channel.eventLoop)
        let kept = idle.withLock { idle -> Bool in
            guard idle[key, default: []].count < maxIdlePerLoop else { return false }
            idle[key, default: []].append(channel)
            return true
        }
        if !kept { channel.close(promise: nil) }
    }
}

/// The deadline of an upstream request passed.
struct UpstreamDeadlineExceeded: Error {}
