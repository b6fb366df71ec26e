import Foundation

/// A ``TDSConnection`` confined to its own ``BlockingThread``: the unit the pool lends out.
///
/// Every use of the `TDSConnection` happens on that thread, inside ``run(_:)``.
final class SQLServerConnection: @unchecked Sendable {
    // @unchecked: `connection` is only touched on `thread` (run/close submit jobs there), and
    // `lastUsed` only by the pool's lender, which holds the connection exclusively.
    private let thread: BlockingThread
    private var connection: TDSConnection?
    var lastUsed = ContinuousClock.now
    private(set) var broken = false

    private init(thread: BlockingThread) {
        self.thread = thread
    }

    /// Opens a connection on a new thread.
    static func open(_ configuration: SQLServerConfiguration) async throws -> SQLServerConnection {
        let thread = BlockingThread(name: "hearth-tds", stackSize: 1 << 20)
        let wrapper = SQLServerConnection(thread: thread)
        do {
            try await thread.run { wrapper.connection = try TDSConnection.open(configuration) }
        } catch {
            thread.stop()
            throw error
        }
        return wrapper
    }

    /// Runs `body` with the connection on its thread. A failure that leaves the connection dead
    /// marks it ``broken`` so the pool replaces it.
    func run<T: Sendable>(_ body: @escaping @Sendable (TDSConnection) throws -> T) async throws -> T {
        do {
            return try await thread.run {
                guard let connection = self.connection else {
                    throw SQLServerError(.connection, "the connection was closed")
                }
                do {
                    return try body(connection)
                } catch {
                    if connection.isDead { self.broken = true }
                    throw error
                }
            }
        } catch let error as SQLServerError where error.code == .timeout || error.code == .connection {
            broken = true
            throw error
        }
    }

    /// Closes the connection and ends its thread.
    func close() {
        thread.submit {
            self.connection?.close()
            self.connection = nil
        }
        thread.stop()
    }
}
