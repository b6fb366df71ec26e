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
    /// Answers `GET /` with "ok" (`HEAD /` with its head alone), never answers `/silent`, closes
    /// the connection two bytes into a ten-byte answer to `/cut` and before any answer to `/drop`;
    /// counts the connections it accepted.
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
            var method = HTTPMethod.GET

            func channelRead(context: ChannelHandlerContext, data: NIOAny) {
                switch unwrapInboundIn(data) {
                case .head(let head):
                    uri = head.uri
                    method = head.method
                case .body: break
                case .end:
                    guard uri != "/silent" else { return }
                    if uri == "/drop" {
                        context.close(promise: nil)
                        return
                    }
                    if uri == "/cut" {
                        context.write(
                            wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: ["Content-Length": "10"]))),
                            promise: nil
                        )
                        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: "he")))), promise: nil)
                        context.close(promise: nil)
                        return
                    }
                    context.write(
                        wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: ["Content-Length": "2"]))),
                        promise: nil
                    )
                    // The answer to HEAD says its length and has no body.
                    if method != .HEAD { context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: "ok")))), promise: nil) }
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
            let onLoop = try await loop.flatSubmit {
                pool.execute(try! UpstreamRequestEncoder.encode(self.head(), body: nil), deadline: .now() + .seconds(30), on: loop)
            }.get()
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

    /// The answer to a request written as bytes is read as the answer to its method: the head of
    /// `HEAD`'s answer alone (its Content-Length counts no body), and the connection goes on.
    @Test func theAnswerToHeadHasNoBodyAndTheConnectionIsReused() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = try await Server(group: group)
        let pool = UpstreamPool(port: server.port, group: group, maxBodyBytes: 1000)
        var headRequest = self.head()
        headRequest.method = .HEAD
        // A short deadline: were HEAD's answer read as having a body, the call would wait for it.
        let headReply = try await pool.execute(headRequest, body: nil, deadline: .now() + .seconds(3))
        #expect(headReply.head.status == .ok)
        #expect(headReply.body.readableBytes == 0)
        let reply = try await pool.execute(self.head(), body: nil, deadline: .now() + .seconds(3))
        #expect(String(buffer: reply.body) == "ok")
        #expect(server.accepted == 1)
        pool.close()
        try await server.channel.close()
        try await group.shutdownGracefully()
    }

    /// A request that must not go on the wire is refused as NIO's validator refused it, before
    /// any connection is opened.
    @Test func aFieldWithCRLFIsRefusedBeforeAnyConnection() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = try await Server(group: group)
        let pool = UpstreamPool(port: server.port, group: group, maxBodyBytes: 1000)
        var injected = self.head()
        injected.headers.add(name: "X-Injected", value: "a\r\nX-Smuggled: b")
        await #expect(throws: HTTPParserError.invalidHeaderToken) {
            try await pool.execute(injected, body: nil, deadline: .now() + .seconds(30))
        }
        #expect(server.accepted == 0)
        pool.close()
        try await server.channel.close()
        try await group.shutdownGracefully()
    }
}
