import Foundation
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// One language worker's FunctionRpc event stream, seen from the host: send requests, match each
/// response to its request by id (the worker may answer out of order), and gather the `RpcLog`s an
/// invocation writes. ``FunctionRpcService`` feeds it what the worker sends; when the stream ends
/// every pending request fails with the reason. A request's deadline is kept here too, behind one
/// timer for the connection (``RpcDeadlines``): a call costs no task of its own for its deadline.
final class RpcWorkerConnection: Sendable {
    /// What a pending request waits for.
    enum Reply: Hashable, Sendable {
        case workerInit
        case environmentReload
        case functionLoad(functionID: String)
        case invocation(invocationID: String)
    }

    private struct State {
        var pending: [Reply: CheckedContinuation<RpcMessage, any Error>] = [:]
        /// User logs of running invocations, by invocation id.
        var logs: [String: [String]] = [:]
        var closedReason: String?
        var deadlines = RpcDeadlines<Reply>()
        /// The armed deadline timer.
        var timer: Scheduled<Void>?
    }

    /// Log lines kept per invocation.
    static let maxLogLines = 1000

    let workerID: String
    /// The messages to write to the worker, in order.
    let outbound: AsyncStream<RpcMessage>
    private let sink: AsyncStream<RpcMessage>.Continuation
    private let state = Mutex(State())
    private let logger: Logger
    /// The event loop the deadline timer runs on (its `now` is the deadlines' clock).
    private let timerLoop: any EventLoop

    /// - Parameter timerLoop: Where request deadlines are timed (tests pass a loop whose time they move).
    init(workerID: String, logger: Logger, timerLoop: any EventLoop = MultiThreadedEventLoopGroup.singleton.next()) {
        self.workerID = workerID
        self.logger = logger
        self.timerLoop = timerLoop
        (outbound, sink) = AsyncStream.makeStream(of: RpcMessage.self)
    }

    var isClosed: Bool { state.withLock { $0.closedReason != nil } }

    /// How many requests wait for their reply.
    var waiting: Int { state.withLock { $0.pending.count } }

    /// Sends `message` and waits for the reply `reply` (cancellation fails the wait, not the worker).
    /// Without a reply within `timeout` (`nil` = no limit) the wait fails with ``DeadlineExceeded``
    /// and a reply coming later is ignored.
    func request(_ message: RpcMessage, expecting reply: Reply, timeout: Duration? = nil) async throws -> RpcMessage {
        let box = CancelBox()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<RpcMessage, any Error>) in
                let refusal: String? = state.withLock { state in
                    if let reason = state.closedReason { return reason }
                    if box.cancelled { return "the request was cancelled" }
                    state.pending[reply] = continuation
                    if case .invocation(let id) = reply { state.logs[id] = [] }
                    if let timeout {
                        let action = state.deadlines.add(reply, by: timerLoop.now + TimeAmount(timeout))
                        if case .arm(let at) = action { arm(at, &state) }
                    }
                    return nil
                }
                if let refusal {
                    continuation.resume(throwing: WorkerError(.handlerFailed, "the language worker is not connected: \(refusal)"))
                    return
                }
                sink.yield(message)
            }
        } onCancel: {
            box.cancelled = true
            // The invocation's logs stay for takeLogs: a timed-out call still reports what it wrote.
            let waiting = state.withLock { state in
                state.deadlines.remove(reply)
                return state.pending.removeValue(forKey: reply)
            }
            waiting?.resume(throwing: CancellationError())
        }
    }

    /// Sends a message that has no reply.
    func send(_ message: RpcMessage) {
        sink.yield(message)
    }

    /// The user logs an invocation wrote so far; removes them.
    func takeLogs(invocationID: String) -> [String] {
        state.withLock { $0.logs.removeValue(forKey: invocationID) ?? [] }
    }

    /// Handles one message from the worker.
    func receive(_ message: RpcMessage) {
        let reply: Reply
        switch message.content {
        case .workerInitResponse: reply = .workerInit
        case .functionEnvironmentReloadResponse: reply = .environmentReload
        case .functionLoadResponse(let response): reply = .functionLoad(functionID: response.functionID)
        case .invocationResponse(let response): reply = .invocation(invocationID: response.invocationID)
        case .rpcLog(let log):
            record(log)
            return
        default:
            logger.debug(
                "ignored a message from the language worker",
                metadata: ["worker": "\(workerID)", "message": "\(message.content.map { "\($0)" }.map { String($0.prefix(80)) } ?? "empty")"]
            )
            return
        }
        let waiting = state.withLock { state in
            state.deadlines.remove(reply)
            return state.pending.removeValue(forKey: reply)
        }
        if let waiting {
            waiting.resume(returning: message)
        } else {
            logger.debug("a reply nobody waits for (timed out or cancelled)", metadata: ["worker": "\(workerID)", "reply": "\(reply)"])
        }
    }

    /// The stream ended: every waiting request fails with `reason`.
    func close(reason: String) {
        let waiting = state.withLock { state -> [CheckedContinuation<RpcMessage, any Error>] in
            guard state.closedReason == nil else { return [] }
            state.closedReason = reason
            state.timer?.cancel()
            state.timer = nil
            state.deadlines = RpcDeadlines()
            defer { state.pending = [:] }
            return Array(state.pending.values)
        }
        sink.finish()
        for continuation in waiting {
            continuation.resume(throwing: WorkerError(.handlerFailed, "the language worker \(reason)"))
        }
    }

    /// Cancels the armed deadline timer and arms one for `at` (called with the state locked).
    private func arm(_ at: NIODeadline, _ state: inout State) {
        state.timer?.cancel()
        state.timer = timerLoop.scheduleTask(deadline: at) { [weak self] in self?.deadlinePassed() }
    }

    /// The timer went off: the requests whose deadline passed fail with ``DeadlineExceeded``; their
    /// replies, if they come, find nobody waiting.
    private func deadlinePassed() {
        let expired = state.withLock { state -> [CheckedContinuation<RpcMessage, any Error>] in
            let (keys, action) = state.deadlines.fired(now: timerLoop.now)
            if case .arm(let at) = action {
                arm(at, &state)
            } else {
                state.timer?.cancel()
                state.timer = nil
            }
            return keys.compactMap { state.pending.removeValue(forKey: $0) }
        }
        for continuation in expired { continuation.resume(throwing: DeadlineExceeded()) }
    }

    /// User logs of a running invocation go to its invocation log; the worker's own logs to Hearth's.
    private func record(_ log: RpcLogMessage) {
        let line = log.level == .information ? log.message : "[\(log.level.name)] \(log.message)"
        if log.logCategory == .user, !log.invocationID.isEmpty {
            let kept = state.withLock { state -> Bool in
                guard let count = state.logs[log.invocationID]?.count else { return false }
                // An invocation keeps at most maxLogLines lines of at most 8 KiB each.
                if count < Self.maxLogLines {
                    state.logs[log.invocationID]!.append(String(line.prefix(8192)))
                } else if count == Self.maxLogLines {
                    state.logs[log.invocationID]!.append("[Hearth] more than \(Self.maxLogLines) log lines: the rest are not kept")
                }
                return true
            }
            if kept { return }
        }
        let level: Logger.Level =
            switch log.level {
            case .error, .critical: .warning
            case .warning: .notice
            default: .debug
            }
        logger.log(level: level, "\(line)", metadata: ["worker": "\(workerID)", "category": "\(log.category)"])
    }
}

/// Whether a waiting request was cancelled before it was registered.
private final class CancelBox: Sendable {
    private let flag = Atomic<Bool>(false)
    var cancelled: Bool {
        get { flag.load(ordering: .acquiring) }
        set { flag.store(newValue, ordering: .releasing) }
    }
}

extension RpcLogMessage.Level {
    var name: String {
        switch self {
        case .trace: "Trace"
        case .debug: "Debug"
        case .information: "Information"
        case .warning: "Warning"
        case .error: "Error"
        case .critical: "Critical"
        case .none: "None"
        case .UNRECOGNIZED(let n): "Level\(n)"
        }
    }
}
