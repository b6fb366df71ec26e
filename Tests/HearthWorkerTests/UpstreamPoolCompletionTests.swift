import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
import Testing

@testable import HearthWorker

/// ``UpstreamPool``'s callback primitive, `execute(_:deadline:on:completion:)`, against a small
/// HTTP server on loopback (``UpstreamPoolTests/Server``): on every way a call can end its
/// completion is called exactly once, and on the call's loop, even when the call was made off it.
@Suite struct UpstreamPoolCompletionTests {
    typealias Call = (result: Result<UpstreamResponse, any Error>, onLoop: Bool)

    /// Every call of one completion, and whether it came on `loop`.
    final class Calls: Sendable {
        let loop: any EventLoop
        private let calls = Mutex<[Call]>([])
        private let first: EventLoopPromise<Void>

        init(loop: any EventLoop) {
            self.loop = loop
            first = loop.makePromise()
        }

        var completion: UpstreamCompletion {
            { result in
                let count = self.calls.withLock { calls in
                    calls.append((result, self.loop.inEventLoop))
                    return calls.count
                }
                if count == 1 { self.first.succeed(()) }
            }
        }

        /// Every call once the first came and the loop has run twice more (a connection's close
        /// and its handlers' removal run there after the call that closed it): a second call would
        /// have come by then.
        func settled() async throws -> [Call] {
            try await first.futureResult.get()
            try await loop.submit {}.get()
            try await loop.submit {}.get()
            return calls.withLock { $0 }
        }
    }

    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    /// Whether every call came on the call's loop.
    static func allOnLoop(_ calls: [Call]) -> Bool {
        calls.allSatisfy { $0.onLoop }
    }

    /// Expects one completion, on the loop, a failure, and returns its error (nil, recorded as an
    /// issue saying `what` was expected, when the call was answered or did not complete).
    static func onlyFailure(_ calls: [Call], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) -> (any Error)? {
        #expect(calls.count == 1, sourceLocation: sourceLocation)
        #expect(allOnLoop(calls), sourceLocation: sourceLocation)
        guard case .failure(let error)? = calls.first?.result else {
            Issue.record("\(what): \(calls)", sourceLocation: sourceLocation)
            return nil
        }
        return error
    }

    func request(_ uri: String) throws -> ByteBuffer {
        try UpstreamRequestEncoder.encode(
            HTTPRequestHead(version: .http1_1, method: .GET, uri: uri, headers: ["Host": "127.0.0.1", "Content-Length": "0"]),
            body: nil
        )
    }

    /// Calls the pool on its loop for `uri` and returns every call of the completion.
    func call(_ pool: UpstreamPool, _ uri: String, within: TimeAmount = .seconds(30)) async throws -> [Call] {
        let loop = group.next()
        let calls = Calls(loop: loop)
        let bytes = try request(uri)
        loop.execute { pool.execute(bytes, deadline: .now() + within, on: loop, completion: calls.completion) }
        return try await calls.settled()
    }

    func withServer(_ body: (UpstreamPoolTests.Server, UpstreamPool) async throws -> Void) async throws {
        let server = try await UpstreamPoolTests.Server(group: group)
        let pool = UpstreamPool(port: server.port, group: group, maxBodyBytes: 1000)
        do {
            try await body(server, pool)
        } catch {
            pool.close()
            try? await server.channel.close()
            try? await group.shutdownGracefully()
            throw error
        }
        pool.close()
        try await server.channel.close()
        try await group.shutdownGracefully()
    }

    /// Answered, then the connection closed (the pool closing): called once, with the answer.
    @Test func anAnsweredCallCompletesOnce() async throws {
        try await withServer { _, pool in
            let loop = group.next()
            let calls = Calls(loop: loop)
            let bytes = try request("/")
            loop.execute { pool.execute(bytes, deadline: .now() + .seconds(30), on: loop, completion: calls.completion) }
            _ = try await calls.settled()
            pool.close()  // closes the idle connection, on its loop
            let settled = try await calls.settled()
            #expect(settled.count == 1)
            #expect(Self.allOnLoop(settled))
            guard case .success(let response)? = settled.first?.result else {
                Issue.record("not answered: \(settled)")
                return
            }
            #expect(String(buffer: response.body) == "ok")
        }
    }

    /// The connection's handler times the deadline, fails the call and closes the connection:
    /// the close does not end the call a second time.
    @Test func aCallPastItsDeadlineCompletesOnce() async throws {
        try await withServer { _, pool in
            let calls = try await call(pool, "/silent", within: .milliseconds(200))
            guard let error = Self.onlyFailure(calls, "not failed") else { return }
            #expect(error is UpstreamDeadlineExceeded)
        }
    }

    @Test func aRefusedConnectionCompletesOnce() async throws {
        // A port nothing listens on any more.
        let gone = try await UpstreamPoolTests.Server(group: group)
        let port = gone.port
        try await gone.channel.close()
        let pool = UpstreamPool(port: port, group: group, maxBodyBytes: 1000)
        let calls: [Call]
        do {
            calls = try await call(pool, "/")
        } catch {
            pool.close()
            try? await group.shutdownGracefully()
            throw error
        }
        _ = Self.onlyFailure(calls, "answered on a port nothing listens on")
        pool.close()
        try await group.shutdownGracefully()
    }

    /// Two bytes into a ten-byte answer the handler closes: the decoder's error and the
    /// connection's end both reach the connection's handler; the call ends once.
    @Test func aHandlerClosingMidAnswerCompletesOnce() async throws {
        try await withServer { _, pool in
            let calls = try await call(pool, "/cut")
            _ = Self.onlyFailure(calls, "a cut answer was taken as whole")
        }
    }

    @Test func aHandlerClosingBeforeAnsweringCompletesOnce() async throws {
        try await withServer { _, pool in
            let calls = try await call(pool, "/drop")
            #expect((Self.onlyFailure(calls, "not failed as closed") as? WorkerError)?.code == .handlerFailed)
        }
    }

    /// A closed pool refuses at once, on the loop; called off the loop, after moving there.
    @Test func aClosedPoolCompletesOnceOnTheLoop() async throws {
        try await withServer { _, pool in
            pool.close()
            let onLoop = try await call(pool, "/")
            let loop = group.next()
            let offLoop = Calls(loop: loop)
            #expect(!loop.inEventLoop)
            pool.execute(try request("/"), deadline: .now() + .seconds(30), on: loop, completion: offLoop.completion)
            for calls in [onLoop, try await offLoop.settled()] {
                #expect((Self.onlyFailure(calls, "not refused") as? WorkerError)?.code == .unavailable)
            }
        }
    }

    /// Called off the loop (a task's thread), the call moves to the loop: its connection and its
    /// completion are the loop's.
    @Test func aCallOffTheLoopCompletesOnceOnTheLoop() async throws {
        try await withServer { server, pool in
            let loop = group.next()
            for _ in 0..<2 {
                let calls = Calls(loop: loop)
                #expect(!loop.inEventLoop)
                pool.execute(try request("/"), deadline: .now() + .seconds(30), on: loop, completion: calls.completion)
                let settled = try await calls.settled()
                #expect(settled.count == 1)
                #expect(Self.allOnLoop(settled))
                guard case .success(let response)? = settled.first?.result else {
                    Issue.record("not answered: \(settled)")
                    continue
                }
                #expect(String(buffer: response.body) == "ok")
            }
            #expect(server.accepted == 1)  // the second call reused the loop's connection
        }
    }
}
