import Foundation
import Synchronization

/// A bounded pool of ``SQLServerConnection``s to one server.
///
/// At most `configuration.maxPoolSize` connections are open; callers beyond that wait in line.
/// A connection that broke (dead socket, timeout) is closed and replaced by the next borrower;
/// one idle for more than 30 seconds is checked with a `SELECT 1` before it is lent, because the
/// server or a firewall may have dropped it meanwhile.
final class SQLServerConnectionPool: Sendable {
    let configuration: SQLServerConfiguration

    private enum Lease {
        case connection(SQLServerConnection)
        case slot  // may open a new connection
    }

    private struct State {
        var idle: [SQLServerConnection] = []
        var open = 0
        var waiters: [CheckedContinuation<Lease, Never>] = []
        var closed = false
    }

    private let state = Mutex(State())
    private static let idleCheckAfter: Duration = .seconds(30)

    init(configuration: SQLServerConfiguration) {
        self.configuration = configuration
    }

    /// Lends a connection to `body` and takes it back afterwards.
    func withConnection<T: Sendable>(_ body: (SQLServerConnection) async throws -> T) async throws -> T {
        let connection = try await acquire()
        do {
            let value = try await body(connection)
            release(connection)
            return value
        } catch {
            release(connection)
            throw error
        }
    }

    private func acquire() async throws -> SQLServerConnection {
        while true {
            let lease: Lease? = state.withLock { state in
                if let connection = state.idle.popLast() { return .connection(connection) }
                if state.open < configuration.maxPoolSize {
                    state.open += 1
                    return .slot
                }
                return nil
            }
            let granted: Lease
            if let lease {
                granted = lease
            } else {
                granted = await withCheckedContinuation { continuation in
                    let immediate: Lease? = state.withLock { state in
                        if let connection = state.idle.popLast() { return .connection(connection) }
                        if state.open < configuration.maxPoolSize {
                            state.open += 1
                            return .slot
                        }
                        state.waiters.append(continuation)
                        return nil
                    }
                    if let immediate { continuation.resume(returning: immediate) }
                }
            }
            switch granted {
            case .connection(let connection):
                if connection.broken {
                    discard(connection)
                    continue
                }
                if ContinuousClock.now - connection.lastUsed > Self.idleCheckAfter {
                    do {
                        _ = try await connection.run { try $0.batch(SQLServerStatements.ping.sql) }
                    } catch {
                        discard(connection)
                        continue
                    }
                }
                return connection
            case .slot:
                do {
                    return try await SQLServerConnection.open(configuration)
                } catch {
                    giveBackSlot()
                    throw error
                }
            }
        }
    }

    private func release(_ connection: SQLServerConnection) {
        if connection.broken {
            discard(connection)
            return
        }
        connection.lastUsed = .now
        let waiter: CheckedContinuation<Lease, Never>? = state.withLock { state in
            if state.closed { return nil }
            if !state.waiters.isEmpty { return state.waiters.removeFirst() }
            state.idle.append(connection)
            return nil
        }
        if let waiter {
            waiter.resume(returning: .connection(connection))
        } else if state.withLock({ $0.closed }) {
            discard(connection)
        }
    }

    private func discard(_ connection: SQLServerConnection) {
        connection.close()
        giveBackSlot()
    }

    /// A connection slot became free: hand it to the first waiter, or count it as closed.
    private func giveBackSlot() {
        let waiter: CheckedContinuation<Lease, Never>? = state.withLock { state in
            if !state.waiters.isEmpty && !state.closed { return state.waiters.removeFirst() }
            state.open -= 1
            return nil
        }
        waiter?.resume(returning: .slot)
    }

    /// Closes every idle connection; connections in use close when they come back.
    func shutdown() {
        let idle = state.withLock { state in
            state.closed = true
            defer { state.idle.removeAll() }
            state.open -= state.idle.count
            return state.idle
        }
        idle.forEach { $0.close() }
    }
}
