import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import HearthWorker

/// An upstream connection's handler on an `EmbeddedChannel`, whose clock the test moves: the
/// request's deadline behind one timer per connection (``RpcDeadlines``), the answer, and the
/// connection given back to the pool.
@Suite struct UpstreamChannelHandlerTests {
    /// How a request ended, if it did. Only touched on the embedded loop, which is the test's
    /// own thread (`EmbeddedEventLoop` runs everything inline), hence `@unchecked Sendable`.
    final class Outcome: @unchecked Sendable {
        var result: Result<UpstreamResponse, any Error>?
        /// How many times the request's completion was called (exactly once when it ended).
        var completions = 0
        var answered: [Bool] = []
    }

    /// A connected channel with the handler, and what its callbacks reported.
    func connection() throws -> (EmbeddedChannel, UpstreamChannelHandler, Outcome) {
        let outcome = Outcome()
        let handler = UpstreamChannelHandler(maxBodyBytes: 1000) { _, reusable in outcome.answered.append(reusable) }
        let channel = EmbeddedChannel(handler: handler)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 7000)).wait()
        return (channel, handler, outcome)
    }

    /// Sends a request that must be answered `within` from the loop's now.
    func send(_ channel: EmbeddedChannel, within: TimeAmount, _ outcome: Outcome) throws {
        outcome.result = nil
        outcome.completions = 0
        let request = ByteBuffer(string: "GET /api/hello HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
        let deadline = channel.embeddedEventLoop.now + within
        let completion: UpstreamCompletion = { result in
            outcome.result = result
            outcome.completions += 1
        }
        try channel.writeOutbound(UpstreamRequest(bytes: request, deadline: deadline, completion: completion))
        // What went out: the request's bytes, in one write.
        #expect(try channel.readOutbound(as: ByteBuffer.self) == request)
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
    }

    func answer(_ channel: EmbeddedChannel) throws {
        try channel.writeInbound(HTTPClientResponsePart.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: ["Content-Length": "5"])))
        try channel.writeInbound(HTTPClientResponsePart.body(ByteBuffer(string: "hello")))
        try channel.writeInbound(HTTPClientResponsePart.end(nil))
    }

    func timedOut(_ outcome: Outcome) -> Bool {
        if case .failure(let error)? = outcome.result { return error is UpstreamDeadlineExceeded }
        return false
    }

    @Test func aCallPastItsDeadlineFailsAndClosesTheConnection() throws {
        let (channel, handler, outcome) = try connection()
        try send(channel, within: .seconds(5), outcome)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(4_999))
        #expect(outcome.result == nil)
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        #expect(timedOut(outcome))
        #expect(!channel.isActive)
        #expect(outcome.completions == 1)  // not again when the connection then closes
        #expect(outcome.answered.isEmpty)  // never given back to the pool
        #expect(handler.deadlineCount == 0)
        #expect(!handler.timerArmed)
    }

    @Test func anAnsweredCallNeverFires() throws {
        let (channel, handler, outcome) = try connection()
        try send(channel, within: .seconds(5), outcome)
        try answer(channel)
        guard case .success(let response)? = outcome.result else {
            Issue.record("not answered: \(String(describing: outcome.result))")
            return
        }
        #expect(response.head.status == .ok)
        #expect(String(buffer: response.body) == "hello")
        #expect(outcome.answered == [true])
        #expect(outcome.completions == 1)
        #expect(handler.deadlineCount == 0)
        // The timer stays armed until its time, then goes off with nothing due and is not re-armed.
        #expect(handler.timerArmed)
        channel.embeddedEventLoop.advanceTime(by: .seconds(60))
        #expect(channel.isActive)
        #expect(!handler.timerArmed)
        #expect(try channel.finish().isClean)
        #expect(outcome.completions == 1)  // neither the timer going off later nor the close calls it again
    }

    /// With one timeout for every call, a later call's deadline is later than the armed one: the
    /// timer is not re-armed per call, but when it goes off it re-arms for the call in flight.
    @Test func aLaterCallIsTimedByTheReArmedTimer() throws {
        let (channel, handler, outcome) = try connection()
        try send(channel, within: .seconds(5), outcome)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        try answer(channel)
        try send(channel, within: .seconds(5), outcome)  // due at 6 s; the timer is armed for 5 s
        channel.embeddedEventLoop.advanceTime(by: .seconds(4))  // 5 s: nothing due, re-armed for 6 s
        #expect(outcome.result == nil)
        #expect(handler.timerArmed)
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))  // 6 s
        #expect(timedOut(outcome))
        #expect(!channel.isActive)
    }

    @Test func anEarlierDeadlineStillFires() throws {
        let (channel, _, outcome) = try connection()
        try send(channel, within: .seconds(10), outcome)
        try answer(channel)
        try send(channel, within: .seconds(3), outcome)  // earlier than the armed 10 s
        channel.embeddedEventLoop.advanceTime(by: .seconds(3))
        #expect(timedOut(outcome))
        #expect(!channel.isActive)
    }

    @Test func aConnectionClosedMidCallClearsItsDeadline() throws {
        let (channel, handler, outcome) = try connection()
        try send(channel, within: .seconds(5), outcome)
        #expect(handler.deadlineCount == 1)
        #expect(handler.timerArmed)
        channel.pipeline.fireChannelInactive()
        guard case .failure(let error as WorkerError)? = outcome.result else {
            Issue.record("not failed: \(String(describing: outcome.result))")
            return
        }
        #expect(error.code == .handlerFailed)
        #expect(error.message.contains("closed the connection before it answered"))
        #expect(handler.deadlineCount == 0)
        #expect(!handler.timerArmed)
        channel.embeddedEventLoop.advanceTime(by: .seconds(10))  // nothing left to fire
        if case .failure(let error)? = outcome.result { #expect(!(error is UpstreamDeadlineExceeded)) }
        #expect(outcome.completions == 1)
    }

    @Test func aConnectionClosingAfterItsAnswerIsNotReusable() throws {
        let (channel, _, outcome) = try connection()
        try send(channel, within: .seconds(5), outcome)
        try channel.writeInbound(
            HTTPClientResponsePart.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: ["Connection": "close", "Content-Length": "0"]))
        )
        try channel.writeInbound(HTTPClientResponsePart.end(nil))
        guard case .success? = outcome.result else {
            Issue.record("not answered")
            return
        }
        #expect(outcome.answered == [false])
    }

    @Test func anOversizedReplyFailsTheCall() throws {
        let (channel, handler, outcome) = try connection()
        try send(channel, within: .seconds(5), outcome)
        try channel.writeInbound(HTTPClientResponsePart.head(HTTPResponseHead(version: .http1_1, status: .ok)))
        try channel.writeInbound(HTTPClientResponsePart.body(ByteBuffer(repeating: 0x41, count: 1001)))
        guard case .failure(let error as WorkerError)? = outcome.result else {
            Issue.record("not failed: \(String(describing: outcome.result))")
            return
        }
        #expect(error.message.contains("larger than 1000 bytes"))
        #expect(!channel.isActive)
        #expect(outcome.completions == 1)
        #expect(handler.deadlineCount == 0)
    }

    /// The handler closes mid-answer: the decoder's error, then the connection's end, both reach
    /// the handler; the call ends once, with the first.
    @Test func aConnectionClosedMidAnswerEndsTheCallOnce() throws {
        let (channel, handler, outcome) = try connection()
        try send(channel, within: .seconds(5), outcome)
        try channel.writeInbound(HTTPClientResponsePart.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: ["Content-Length": "10"])))
        try channel.writeInbound(HTTPClientResponsePart.body(ByteBuffer(string: "he")))
        channel.pipeline.fireErrorCaught(HTTPParserError.invalidEOFState)
        channel.pipeline.fireChannelInactive()
        channel.embeddedEventLoop.advanceTime(by: .seconds(10))  // past the deadline: nothing left to fire
        guard case .failure(let error)? = outcome.result else {
            Issue.record("not failed: \(String(describing: outcome.result))")
            return
        }
        #expect(error as? HTTPParserError == .invalidEOFState)
        #expect(outcome.completions == 1)
        #expect(outcome.answered.isEmpty)
        #expect(!channel.isActive)
        #expect(handler.deadlineCount == 0)
    }
}
