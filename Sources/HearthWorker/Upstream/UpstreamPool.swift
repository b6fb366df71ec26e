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
    /// `host:port` as a request's `Host` header names it, made once rather than per request.
    let hostHeader: String
    private let group: any EventLoopGroup
    private let maxBodyBytes: Int
    private let maxIdlePerLoop: Int
    /// Idle connections per event loop. A loop's list is a class, so taking a connection out or
    /// putting one back changes it in place: changing an array inside the dictionary went through
    /// the dictionary's `modify` accessors, three allocations each way.
    private let idle = Mutex<[ObjectIdentifier: IdleChannels]>([:])
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
        self.hostHeader = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        self.namespace = namespace
        self.group = group
        self.maxBodyBytes = maxBodyBytes
        self.maxIdlePerLoop = maxIdlePerLoop
    }

    /// Sends a request and returns the whole response. `deadline` bounds the entire exchange; past
    /// it the connection is closed and ``UpstreamDeadlineExceeded`` is thrown. A head that must not
    /// go on the wire fails with `HTTPParserError.invalidHeaderToken` (``UpstreamRequestEncoder``).
    func execute(_ head: HTTPRequestHead, body: ByteBuffer?, deadline: NIODeadline) async throws -> UpstreamResponse {
        let request = try UpstreamRequestEncoder.encode(head, body: body)
        let loop = MultiThreadedEventLoopGroup.currentEventLoop ?? group.next()
        return try await execute(request, deadline: deadline, on: loop).get()
    }

    /// Sends `request` (a whole HTTP/1.1 request, framed by its `Content-Length`:
    /// ``UpstreamRequestEncoder``) over a connection of `loop` and completes on `loop` with the
    /// whole response, or ``UpstreamDeadlineExceeded`` past `deadline`: the future form of
    /// ``execute(_:deadline:on:completion:)``.
    func execute(_ request: ByteBuffer, deadline: NIODeadline, on loop: any EventLoop) -> EventLoopFuture<UpstreamResponse> {
        loop.makeFuture(completedBy: { completion in self.execute(request, deadline: deadline, on: loop, completion: completion) })
    }

    /// Sends `request` (a whole HTTP/1.1 request, framed by its `Content-Length`:
    /// ``UpstreamRequestEncoder``) over a connection of `loop` (the caller's loop, so that nothing
    /// changes threads) and calls `completion` exactly once, on `loop`, with the whole response,
    /// or ``UpstreamDeadlineExceeded`` past `deadline`, or why the handler did not answer (refused,
    /// closed, the pool closed). A connection that fails or passes its deadline is closed, never
    /// reused. Called off `loop`, the call moves there first; if `loop` has already shut down, NIO
    /// drops that move and `completion` is never called (as a promise of a shut-down loop is never
    /// completed).
    ///
    /// On the warm path (called on `loop`, an idle connection there) this costs no promise and no
    /// future: the connection's handler times the deadline (``UpstreamChannelHandler``), gives the
    /// connection back and calls `completion`.
    func execute(_ request: ByteBuffer, deadline: NIODeadline, on loop: any EventLoop, completion: @escaping UpstreamCompletion) {
        // Off the loop, a connection could close between being taken and being written to.
        guard loop.inEventLoop else {
            loop.execute { self.execute(request, deadline: deadline, on: loop, completion: completion) }
            return
        }
        let request = UpstreamRequest(bytes: request, deadline: deadline, completion: completion)
        if let channel = idleChannel(on: loop) {
            send(request, over: channel)
        } else if closed.withLock({ $0 }) {
            completion(.failure(WorkerError(.unavailable, "the handler's connections are closed")))
        } else {
            connect(on: loop).whenComplete { result in
                switch result {
                case .success(let channel): self.send(request, over: channel)
                case .failure(let error): completion(.failure(error))
                }
            }
        }
    }

    /// Writes `request` to `channel`, on its loop: while the channel is active its handler is in
    /// the pipeline and takes the request at once, so the request's completion is always called.
    private func send(_ request: UpstreamRequest, over channel: any Channel) {
        guard channel.isActive else {
            request.completion(.failure(WorkerError(.handlerFailed, "the handler closed the connection before it answered")))
            return
        }
        channel.writeAndFlush(request, promise: nil)
    }

    /// Closes every idle connection; later requests fail.
    func close() {
        closed.withLock { $0 = true }
        let channels = idle.withLock { idle in
            defer { idle = [:] }
            return idle.values.flatMap { $0.channels }
        }
        for channel in channels { channel.close(promise: nil) }
    }

    /// An idle connection of `loop` that is still open, taken out of the idle ones.
    private func idleChannel(on loop: any EventLoop) -> (any Channel)? {
        let key = ObjectIdentifier(loop)
        while let channel = idle.withLock({ idle -> (any Channel)? in
            let list = idle[key]  // read, not modified: the list is changed in place
            return list?.channels.popLast()
        }) {
            if channel.isActive { return channel }
        }
        return nil
    }

    /// A new connection on `loop`. Its handler gives it back to the pool when an answer came
    /// (the pool is held weakly: a connection does not keep its pool alive). Requests are written
    /// as bytes by ``UpstreamRequestEncoder`` (no NIO request encoder, no header validator: the
    /// encoder refuses what NIO's validator refused); answers are read by NIO's response decoder.
    private func connect(on loop: any EventLoop) -> EventLoopFuture<any Channel> {
        let maxBodyBytes = self.maxBodyBytes
        let bootstrap = ClientBootstrap(group: loop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { [weak self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(UpstreamResponseDecoder()))
                    let handler = UpstreamChannelHandler(maxBodyBytes: maxBodyBytes) { channel, reusable in
                        // A pool that is gone keeps no connections.
                        if let self { self.checkin(channel, reusable: reusable) } else { channel.close(promise: nil) }
                    }
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
        guard let namespace else { return bootstrap.connect(host: host, port: port) }
        // Entering the namespace and a (loopback, immediate) blocking connect, off the event loop.
        let port = self.port
        return NIOThreadPool.singleton.runIfActive(eventLoop: loop) { try namespace.connect(port: port) }
            .flatMap { descriptor in bootstrap.withConnectedSocket(descriptor) }
    }

    private func checkin(_ channel: any Channel, reusable: Bool) {
        guard channel.isActive, reusable else {
            channel.close(promise: nil)
            return
        }
        let key = ObjectIdentifier(channel.eventLoop)
        let kept = idle.withLock { idle -> Bool in
            // Checked with `idle` locked: a `close()` that comes between a check made before and
            // the append would drain `idle` first and leave this connection idle in a closed pool.
            guard !closed.withLock({ $0 }) else { return false }
            let list: IdleChannels
            if let existing = idle[key] {
                list = existing
            } else {
                list = IdleChannels()
                idle[key] = list
            }
            guard list.channels.count < maxIdlePerLoop else { return false }
            list.channels.append(channel)
            return true
        }
        if !kept { channel.close(promise: nil) }
    }
}

/// The idle connections of one event loop; read and changed only with ``UpstreamPool``'s `idle` locked.
private final class IdleChannels {
    var channels: [any Channel] = []
}

/// The deadline of an upstream request passed.
struct UpstreamDeadlineExceeded: Error {}
