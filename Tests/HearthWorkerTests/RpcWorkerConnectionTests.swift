import Foundation
import Logging
import NIOCore
import NIOEmbedded
import Testing

@testable import HearthWorker

/// One worker's event stream: replies matched by id in any order, logs gathered per invocation,
/// every waiting request failed when the stream ends.
@Suite struct RpcWorkerConnectionTests {
    func invocation(_ id: String) -> RpcMessage {
        var message = RpcMessage()
        var request = RpcInvocationRequest()
        request.invocationID = id
        message.invocationRequest = request
        return message
    }

    func response(_ id: String) -> RpcMessage {
        var message = RpcMessage()
        var response = RpcInvocationResponse()
        response.invocationID = id
        response.result.status = .success
        message.invocationResponse = response
        return message
    }

    func log(_ id: String, _ text: String, level: RpcLogMessage.Level = .information, category: RpcLogMessage.RpcLogCategory = .user) -> RpcMessage {
        var message = RpcMessage()
        var log = RpcLogMessage()
        log.invocationID = id
        log.message = text
        log.level = level
        log.logCategory = category
        message.rpcLog = log
        return message
    }

    /// A connection whose deadlines are timed on a loop whose time the test moves.
    func timed() -> (NIOAsyncTestingEventLoop, RpcWorkerConnection) {
        let loop = NIOAsyncTestingEventLoop()
        return (loop, RpcWorkerConnection(workerID: "w", logger: Logger(label: "test"), timerLoop: loop))
    }

    /// Invocation `id` sent on `connection` with `timeout`, waiting in a task of its own.
    func waiting(_ connection: RpcWorkerConnection, _ id: String, timeout seconds: Int64) -> Task<RpcMessage, any Error> {
        Task { try await connection.request(invocation(id), expecting: .invocation(invocationID: id), timeout: .seconds(seconds)) }
    }

    @Test func repliesOutOfOrderReachTheirRequestsWithTheirLogs() async throws {
        let connection = RpcWorkerConnection(workerID: "w", logger: Logger(label: "test"))
        async let first = connection.request(invocation("a"), expecting: .invocation(invocationID: "a"))
        async let second = connection.request(invocation("b"), expecting: .invocation(invocationID: "b"))
        // Both requests are written to the worker, in order.
        var sent: [String] = []
        for await message in connection.outbound {
            if case .invocationRequest(let request)? = message.content { sent.append(request.invocationID) }
            if sent.count == 2 { break }
        }
        #expect(Set(sent) == ["a", "b"])
        connection.receive(log("b", "from b", level: .warning))
        connection.receive(log("a", "from a"))
        connection.receive(log("a", "system line", category: .system))
        connection.receive(response("b"))
        connection.receive(response("a"))
        let (a, b) = try await (first, second)
        guard case .invocationResponse(let ra)? = a.content, case .invocationResponse(let rb)? = b.content else {
            Issue.record("wrong replies")
            return
        }
        #expect(ra.invocationID == "a" && rb.invocationID == "b")
        #expect(connection.takeLogs(invocationID: "a") == ["from a"])
        #expect(connection.takeLogs(invocationID: "b") == ["[Warning] from b"])
    }

    @Test func theStreamEndingFailsWaitingRequestsAndRefusesNewOnes() async throws {
        let connection = RpcWorkerConnection(workerID: "w", logger: Logger(label: "test"))
        let waiting = Task { try await connection.request(invocation("a"), expecting: .invocation(invocationID: "a")) }
        for await _ in connection.outbound { break }
        connection.close(reason: "exited with status 3")
        await #expect(throws: WorkerError.self) { try await waiting.value }
        await #expect(throws: WorkerError.self) { try await connection.request(invocation("b"), expecting: .invocation(invocationID: "b")) }
        #expect(connection.isClosed)
    }

    /// The deadline is timed on a loop whose time the test moves: no sleeping decides the outcome.
    @Test func aRequestPastItsTimeoutFailsKeepsItsLogsAndItsLateReplyIsIgnored() async throws {
        let (loop, connection) = timed()
        var sent = connection.outbound.makeAsyncIterator()
        let slow = waiting(connection, "a", timeout: 5)
        _ = await sent.next()
        connection.receive(log("a", "started"))
        await loop.advanceTime(by: .seconds(4))
        #expect(connection.waiting == 1)
        await loop.advanceTime(by: .seconds(1))
        await #expect(throws: DeadlineExceeded.self) { try await slow.value }
        #expect(connection.waiting == 0)
        #expect(connection.takeLogs(invocationID: "a") == ["started"])
        // The late reply finds nobody; the connection still serves the next request.
        connection.receive(response("a"))
        let next = waiting(connection, "b", timeout: 5)
        _ = await sent.next()
        connection.receive(response("b"))
        guard case .invocationResponse(let reply)? = try await next.value.content else {
            Issue.record("wrong reply")
            return
        }
        #expect(reply.invocationID == "b")
        await loop.advanceTime(by: .seconds(10))
        #expect(connection.waiting == 0)
        try await loop.shutdownGracefully()
    }

    @Test func anAnsweredRequestNeverExpiresAndAnEarlierDeadlineStillFires() async throws {
        let (loop, connection) = timed()
        var sent = connection.outbound.makeAsyncIterator()
        let answered = waiting(connection, "a", timeout: 5)
        _ = await sent.next()
        let long = waiting(connection, "b", timeout: 30)
        _ = await sent.next()
        // A start-up call with a shorter limit than the armed timer's.
        let short = waiting(connection, "c", timeout: 2)
        _ = await sent.next()
        connection.receive(response("a"))
        _ = try await answered.value
        await loop.advanceTime(by: .seconds(2))
        await #expect(throws: DeadlineExceeded.self) { try await short.value }
        await loop.advanceTime(by: .seconds(10))
        #expect(connection.waiting == 1)
        await loop.advanceTime(by: .seconds(18))
        await #expect(throws: DeadlineExceeded.self) { try await long.value }
        #expect(connection.waiting == 0)
        try await loop.shutdownGracefully()
    }

    @Test func cancellingARequestWithADeadlineFailsItAtOnce() async throws {
        let (loop, connection) = timed()
        var sent = connection.outbound.makeAsyncIterator()
        let call = waiting(connection, "a", timeout: 5)
        _ = await sent.next()
        call.cancel()
        await #expect(throws: CancellationError.self) { try await call.value }
        #expect(connection.waiting == 0)
        await loop.advanceTime(by: .seconds(10))
        try await loop.shutdownGracefully()
    }

    @Test func onlyARegisteredWorkerIdIsAcceptedAndOnlyOnce() async throws {
        let registry = RpcWorkerRegistry()
        let connection = RpcWorkerConnection(workerID: "known", logger: Logger(label: "test"))
        registry.expect(connection)
        #expect(registry.claim(workerID: "stranger") == nil)
        let waiter = Task { try await registry.connected(workerID: "known") }
        #expect(registry.claim(workerID: "known") === connection)
        #expect(try await waiter.value === connection)
        #expect(registry.claim(workerID: "known") == nil)
    }

    /// A sandboxed worker's id (on its command line, visible to `ps`) admits no one through the
    /// shared TCP endpoint: only through its sandbox's own.
    @Test func aSandboxedWorkerIsAcceptedOnlyThroughItsOwnEndpoint() {
        let registry = RpcWorkerRegistry()
        let connection = RpcWorkerConnection(workerID: "boxed", logger: Logger(label: "test"))
        registry.expect(connection)
        registry.assign(workerID: "boxed", to: "/tmp/hearth-rpc-1-abc")
        #expect(registry.claim(workerID: "boxed") == nil)
        #expect(registry.claim(workerID: "boxed", endpoint: "/tmp/hearth-rpc-2-xyz") == nil)
        #expect(registry.claim(workerID: "boxed", endpoint: "/tmp/hearth-rpc-1-abc") === connection)
    }
}
