public import NIOCore

/// When a connection is closed because its client is too slow or idle: the time limits of one
/// HTTP/1.1 connection as a value state machine, fed what the connection reads and writes and asked
/// for its deadline (tested without sockets; ``ConnectionTimeoutHandler`` drives it).
///
/// - Waiting for a request (a new connection, or a kept-alive one after its last answer): closed
///   after `idleTimeout` without a byte.
/// - A request head begun: closed unless the whole head has arrived within `headTimeout` of its
///   first byte, however slowly the bytes trickle in (a client sending one byte a second cannot
///   hold the connection).
/// - A request body: closed after `idleTimeout` without a byte of it.
/// - While a request is being answered, no limit: the function's own timeout applies. Nor while the
///   server does not read (its backpressure: a body waiting for the app's turn is not the client's
///   fault); the body's limit counts again from when it reads on.
public struct ConnectionDeadlines: Sendable {
    /// Why a connection was closed.
    public enum Reason: String, Sendable, Equatable {
        case requestHead = "request head not complete in time"
        case idle = "idle"
        case body = "no part of the request body in time"
    }

    private enum Phase: Sendable {
        case awaitingRequest(since: NIODeadline)
        case head(started: NIODeadline)
        case body(lastRead: NIODeadline)
    }

    /// The longest a request head may take from its first byte.
    public let headTimeout: TimeAmount
    /// The longest a connection may wait for the next request, or for more of a request body.
    public let idleTimeout: TimeAmount
    private var phase: Phase
    /// Requests whose head was read and whose answer has not ended yet.
    private var unanswered = 0
    /// The server has asked for more bytes and not got them yet.
    private var reading = true

    /// - Parameter now: When the connection opened.
    public init(headTimeout: TimeAmount, idleTimeout: TimeAmount, now: NIODeadline) {
        self.headTimeout = headTimeout
        self.idleTimeout = idleTimeout
        self.phase = .awaitingRequest(since: now)
    }

    /// The server asked for more bytes (a `read` went out).
    public mutating func readRequested(now: NIODeadline) {
        guard !reading else { return }
        reading = true
        if case .body = phase { phase = .body(lastRead: now) }
    }

    /// Bytes arrived (before the HTTP decoder has looked at them); until the server asks for more,
    /// the client cannot be late.
    public mutating func bytesRead(now: NIODeadline) {
        reading = false
        switch phase {
        case .awaitingRequest: phase = .head(started: now)
        case .head: break
        case .body: phase = .body(lastRead: now)
        }
    }

    /// A whole request head was decoded.
    public mutating func headRead(now: NIODeadline) {
        unanswered += 1
        phase = .body(lastRead: now)
    }

    /// A part of the request body was decoded.
    public mutating func bodyRead(now: NIODeadline) {
        phase = .body(lastRead: now)
    }

    /// The request's end was decoded.
    public mutating func requestEnded(now: NIODeadline) {
        phase = .awaitingRequest(since: now)
    }

    /// The end of an answer was written.
    public mutating func responseEnded(now: NIODeadline) {
        unanswered = max(0, unanswered - 1)
        guard unanswered == 0 else { return }
        // The client's turn again: limits count from now.
        switch phase {
        case .awaitingRequest: phase = .awaitingRequest(since: now)
        case .head: phase = .head(started: now)
        case .body: break
        }
    }

    /// When the connection is to be closed unless something arrives first, and why; `nil` while
    /// the server is answering or not reading.
    public var deadline: (at: NIODeadline, reason: Reason)? {
        guard reading else { return nil }
        return switch phase {
        case .awaitingRequest(let since): unanswered == 0 ? (since + idleTimeout, .idle) : nil
        case .head(let started): unanswered == 0 ? (started + headTimeout, .requestHead) : nil
        case .body(let lastRead): (lastRead + idleTimeout, .body)
        }
    }

    /// Why the connection must be closed at `now`, or `nil` if it may stay open.
    public func expired(now: NIODeadline) -> Reason? {
        guard let deadline, deadline.at <= now else { return nil }
        return deadline.reason
    }
}
