import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
import Testing

@testable import HearthWorker

/// ``UpstreamPool`` against a small HTTP server on loopback: connections are given back by their
/// handler and reused, calls from off the loop work, the deadline holds on a real loop, and a
/// closed pool refuses.
@Suite struct UpstreamPoolTests {
    /// Answers `GET /` with "ok", and never answers `/silent`; counts the connections it accepted.
    final class Server: Sendable {
        let channel: any Channel
        let counter: Counter

        init(group: any EventLoopGroup) async throws {
            let counter = Counter()
            channel = try await ServerBootstrap(group: group)
                .childChannelInitializer { channel in
                    counter.count.add(1, ordering: .relaxed)
                    return channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                        try channel.pipeline.syncOperations.addHandler(Answer())
                    }
                }
                .bind(host: "127.0.0.1", port: 0).get()
            self.counter = counter
        }

        var port: Int { channel.localAddress!.port! }
        var accepted: Int { counter.count.load(ordering: .relaxed) }

        final class Counter: Sendable { let count = Atomic<Int>(0) }

        final class Answer: ChannelInboundHandler {
            typealias InboundIn = HTTPServerRequestPart
            typealias OutboundOut = HTTPServerResponsePart
            var uri = ""

            func channelRead(context: ChannelHandlerContext, data: NIOAny) {
                switch unwrapInboundIn(data) {
                case .head(let head): uri = head.uri
                case .body: break
                case .end:
                    guard uri != "/silent" else { return }
                    context.write(
                        wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: ["Content-Length": "2"]))),
                        promise: nil
                    )
                    context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: "ok")))), promise: nil)
                    context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
                }
            }
        }
    }

    func head(_ uri: String = "/") -> HTTPRequestHead {
        HTTPRequestHead(version: .http1_1, method: .GET, uri: uri, headers: ["Host": "127.0.0.1", "Content-Length": "0"])
    }

    @Test func callsOnOneLoopReuseOneConnection() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = try await Server(group: group)
        let pool = UpstreamPool(port: server.port, group: group, maxBodyBytes: 1000)
        let loop = group.next()
        for _ in 0..<3 {
            // On the loop (the front's warm path) and from a task off it (the readiness probe).
            let onLoop = try await loop.flatSubmit { pool.execute(self.head(), body: nil, deadline: .now() + .seconds(30), on: loop) }.get()
            #expect(String(buffer: onLoop.body) == "ok")
            let offLoop = try await pool.execute(head(), body: nil, deadline: .now() + .seconds(30))
            #expect(String(buffer: offLoop.body) == "ok")
        }
        #expect(server.accepted == 1)
        pool.close()
        await #expect(throws: WorkerError.self) { try await pool.execute(head(), body: nil, deadline: .now() + .seconds(30)) }
        try await server.channel.close()
        try await group.shutdownGracefully()
    }

    /// The deadline on a real loop: the server never answers, so only the deadline ends the call.
    @Test func aCallPastItsDeadlineFailsOnARealLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = try await Server(group: group)
        let pool = UpstreamPool(port: server.port, group: group, maxBodyBytes: 1000)
        await #expect(throws: UpstreamDeadlineExceeded.self) {
            try await pool.execute(head("/silent"), body: nil, deadline: .now() + .milliseconds(200))
        }
        // The timed-out connection is closed, never reused: the next call opens another.
        let reply = try await pool.execute(head(), body: nil, deadline: .now() + .seconds(30))
        #expect(String(buffer: reply.body) == "ok")
        #expect(server.accepted == 2)
        pool.close()
        try await server.channel.close()
        try await group.shutdownGracefully()
    }
}
