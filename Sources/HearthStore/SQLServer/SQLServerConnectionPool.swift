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

    private typealias Machine = StateMachine<SQLServerConnection, CheckedContinuation<Lease<SQLServerConnection>, Never>>

    private let state: Mutex<Machine>
    private static let idleCheckAfter: Duration = .seconds(30)

    init(configuration: SQLServerConfiguration) {
        self.configuration = configuration
        self.state = Mutex(Machine(maxSize: configuration.maxPoolSize))
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
            let granted: Lease<SQLServerConnection>
            if let lease = state.withLock({ $0.lease() }) {
                granted = lease
            } else {
                granted = await withCheckedContinuation { continuation in
                    if let immediate = state.withLock({ $0.leaseOrWait(continuation) }) { continuation.resume(returning: immediate) }
                }
            }
            switch granted {
            case .connection(let connection):
                let check = Machine.check(
                    broken: connection.broken,
                    lastUsed: connection.lastUsed,
                    now: .now,
                    idleCheckAfter: Self.idleCheckAfter
                )
                switch check {
                case .use:
                    return connection
                case .discard:
                    discard(connection)
                case .ping:
                    do {
                        _ = try await connection.run { try $0.batch(SQLServerStatements.ping.sql) }
                        return connection
                    } catch {
                        discard(connection)
                    }
                }
            case .closed:
                throw SQLServerError(.connection, "the store is shutting down: no new SQL Server work is started")
            case .slot:
                do {
                    return try await SQLServerConnection.open(configuration)
                } catch {
                    state.withLock { $0.openFailed() }?.resume(returning: .slot)
                    throw error
                }
            }
        }
    }

    private func release(_ connection: SQLServerConnection) {
        let broken = connection.broken
        if !broken { connection.lastUsed = .now }
        perform(state.withLock { $0.release(connection, broken: broken) })
    }

    private func discard(_ connection: SQLServerConnection) {
        perform(state.withLock { $0.discard(connection) })
    }

    private func perform(_ action: Machine.ReleaseAction) {
        switch action {
        case .keep:
            break
        case .lend(let connection, let waiter):
            waiter.resume(returning: .connection(connection))
        case .close(let connection, let waiter):
            connection.close()
            waiter?.resume(returning: .slot)
        }
    }

    /// Closes every idle connection and fails every waiting borrower; connections in use close when
    /// they come back.
    func shutdown() {
        let (idle, waiters) = state.withLock { $0.shutdown() }
        idle.forEach { $0.close() }
        waiters.forEach { $0.resume(returning: .closed) }
    }
}
