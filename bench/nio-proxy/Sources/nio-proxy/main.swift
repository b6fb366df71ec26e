// bench/nio-proxy — the "swift-nio" row of bench/run.sh: a minimal keep-alive HTTP/1.1 reverse
// proxy on SwiftNIO event loops (no async/await, no routing, keys or invocation log), i.e. the
// ceiling for a proxy hop written in Swift on this machine. Not part of Hearth.
//   nio-proxy UPSTREAM_PORT LISTEN_PORT
import NIOCore
import NIOHTTP1
import NIOPosix

let upstreamPort = Int(CommandLine.arguments[1])!
let listenPort = Int(CommandLine.arguments[2])!
let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)

final class UpstreamHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    var client: Channel?
    var onDone: (() -> Void)?
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let client = client else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            client.write(
                HTTPServerResponsePart.head(HTTPResponseHead(version: head.version, status: head.status, headers: head.headers)),
                promise: nil
            )
        case .body(let buffer):
            client.write(HTTPServerResponsePart.body(.byteBuffer(buffer)), promise: nil)
        case .end:
            client.writeAndFlush(HTTPServerResponsePart.end(nil), promise: nil)
            self.client = nil
            let done = onDone
            onDone = nil
            done?()
        }
    }
}

final class Pool {
    var idle: [Channel] = []
    func get(_ loop: EventLoop) -> EventLoopFuture<Channel> {
        if let c = idle.popLast() { return loop.makeSucceededFuture(c) }
        return ClientBootstrap(group: loop).channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { ch in ch.pipeline.addHTTPClientHandlers().flatMap { ch.pipeline.addHandler(UpstreamHandler()) } }
            .connect(host: "127.0.0.1", port: upstreamPort)
    }
}

final class FrontHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    let pool: Pool
    var head: HTTPRequestHead?
    var body: [ByteBuffer] = []
    init(pool: Pool) { self.pool = pool }
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            body = []
        case .body(let b): body.append(b)
        case .end:
            let client = context.channel
            let h = head!
            let parts = body
            pool.get(context.eventLoop).whenSuccess { upstream in
                upstream.pipeline.handler(type: UpstreamHandler.self).whenSuccess { handler in
                    handler.client = client
                    let pool = self.pool
                    handler.onDone = { pool.idle.append(upstream) }
                    upstream.write(HTTPClientRequestPart.head(h), promise: nil)
                    for p in parts { upstream.write(HTTPClientRequestPart.body(.byteBuffer(p)), promise: nil) }
                    upstream.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
                }
            }
        }
    }
}

var poolByLoop: [ObjectIdentifier: Pool] = [:]
for loop in group.makeIterator() { poolByLoop[ObjectIdentifier(loop)] = Pool() }
let frozen = poolByLoop
let server = try ServerBootstrap(group: group)
    .serverChannelOption(ChannelOptions.backlog, value: 1024)
    .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
    .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
    .childChannelInitializer { ch in
        ch.pipeline.configureHTTPServerPipeline().flatMap { ch.pipeline.addHandler(FrontHandler(pool: frozen[ObjectIdentifier(ch.eventLoop)]!)) }
    }
    .bind(host: "127.0.0.1", port: listenPort).wait()
print("listening on \(listenPort)")
try server.closeFuture.wait()
