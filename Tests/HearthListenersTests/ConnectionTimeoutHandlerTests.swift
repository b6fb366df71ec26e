import HTTPTypes
import HearthListeners
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import Testing

/// The handlers in an HTTP pipeline like ``HearthHTTP1Channel``'s, on an embedded channel whose
/// clock the test moves.
@Suite struct ConnectionTimeoutHandlerTests {
    func pipeline() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        let timeouts = ConnectionTimeoutHandler(headTimeout: .seconds(5), idleTimeout: .seconds(20), logger: Logger(label: "test"))
        let sync = channel.pipeline.syncOperations
        try sync.addHandler(timeouts)
        try HearthHTTP1Channel.addHTTP1Handlers(to: sync, secure: false, timeouts: timeouts)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return channel
    }

    /// Bytes from the client, then the next read the server asks for (a real channel's autoRead).
    func send(_ channel: EmbeddedChannel, _ text: String, thenRead: Bool = true) throws {
        try channel.writeInbound(ByteBuffer(string: text))
        if thenRead { channel.read() }
    }

    @Test func halfAHeadIsClosedAfterTheHeadLimitThoughBytesKeepComing() throws {
        let channel = try pipeline()
        try send(channel, "GET / HTTP/1.1\r\n")
        for _ in 0..<4 {
            channel.embeddedEventLoop.advanceTime(by: .seconds(1))
            try send(channel, "X")
        }
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive)
    }

    @Test func anIdleKeptAliveConnectionIsClosedAfterTheIdleLimit() throws {
        let channel = try pipeline()
        try send(channel, "GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        guard case .head = try channel.readInbound(as: HTTPRequestPart.self) else {
            Issue.record("no head")
            return
        }
        // The server takes its time answering: no limit meanwhile.
        channel.embeddedEventLoop.advanceTime(by: .seconds(100))
        #expect(channel.isActive)
        try channel.writeOutbound(HTTPResponsePart.head(.init(status: .ok, headerFields: [.contentLength: "0"])))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        channel.embeddedEventLoop.advanceTime(by: .seconds(19))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive)
    }

    @Test func aBodyThatStopsIsClosedAfterTheIdleLimit() throws {
        let channel = try pipeline()
        try send(channel, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nabc")
        channel.embeddedEventLoop.advanceTime(by: .seconds(15))
        try send(channel, "def")
        channel.embeddedEventLoop.advanceTime(by: .seconds(15))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(5))
        #expect(!channel.isActive)
    }

    @Test func aBodyTheServerHoldsBackIsNotClosedUntilItReadsOn() throws {
        let channel = try pipeline()
        try send(channel, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nabc", thenRead: false)
        channel.embeddedEventLoop.advanceTime(by: .seconds(300))
        #expect(channel.isActive)
        channel.read()
        channel.embeddedEventLoop.advanceTime(by: .seconds(19))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive)
    }

    /// Answers one request: a head, a body part and the end, as the fast path writes them.
    func answer(_ channel: EmbeddedChannel, headOnly: Bool = false) throws {
        try channel.writeOutbound(HTTPResponsePart.head(.init(status: .ok, headerFields: [.contentLength: "2"])))
        if headOnly { return }
        try channel.writeOutbound(HTTPResponsePart.body(ByteBuffer(string: "ok")))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
    }

    /// The codec tells the timeouts of each request head and each answer's end (not of its head or
    /// body): two pipelined requests hold the idle limit off until the second answer has ended.
    @Test func pipelinedRequestsHoldTheIdleLimitOffUntilTheLastAnswerEnds() throws {
        let channel = try pipeline()
        try send(channel, "GET /a HTTP/1.1\r\nHost: a\r\n\r\nPOST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi")
        var parts: [HTTPRequestPart] = []
        while let part = try channel.readInbound(as: HTTPRequestPart.self) { parts.append(part) }
        #expect(parts.count == 5)
        channel.embeddedEventLoop.advanceTime(by: .seconds(100))
        #expect(channel.isActive)
        try answer(channel)
        channel.embeddedEventLoop.advanceTime(by: .seconds(100))
        #expect(channel.isActive, "the second request is still being answered")
        try answer(channel, headOnly: true)
        channel.embeddedEventLoop.advanceTime(by: .seconds(100))
        #expect(channel.isActive, "an answer's head is not its end")
        try channel.writeOutbound(HTTPResponsePart.body(ByteBuffer(string: "ok")))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        channel.embeddedEventLoop.advanceTime(by: .seconds(19))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive)
    }

    /// A whole body read (its end decoded) while the answer is being written is not a body that
    /// stopped: the end is passed to the timeouts.
    @Test func aWholeBodyIsNotHeldToTheBodyLimitWhileItIsAnswered() throws {
        let channel = try pipeline()
        try send(channel, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc")
        channel.embeddedEventLoop.advanceTime(by: .seconds(100))
        #expect(channel.isActive)
        try answer(channel)
        channel.embeddedEventLoop.advanceTime(by: .seconds(19))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive)
    }

    /// A head that starts arriving after the last answer has the head limit from its first byte.
    @Test func theNextHeadOnAKeptAliveConnectionHasTheHeadLimit() throws {
        let channel = try pipeline()
        try send(channel, "GET /a HTTP/1.1\r\nHost: a\r\n\r\n")
        try answer(channel)
        channel.embeddedEventLoop.advanceTime(by: .seconds(10))
        try send(channel, "GET /b HTTP/1.1\r\n")
        channel.embeddedEventLoop.advanceTime(by: .seconds(4))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive)
    }
}
