extension SQLServerConnectionPool {
    /// What a borrower gets from the pool's ``StateMachine``.
    enum Lease<Connection> {
        /// An idle connection: check it, then use it.
        case connection(Connection)
        /// A reserved slot: open a new connection in it.
        case slot
        /// The pool is shut down: fail the borrower.
        case closed
    }

    /// The pool's bookkeeping, without connections or I/O: which idle connection is lent, when a
    /// new one may be opened (at most `maxSize` open), who waits and in which order, what happens
    /// to a connection that comes back broken or after ``shutdown()``.
    ///
    /// Generic over the connection and the waiter, so tests use plain values; the pool keeps it in
    /// a `Mutex` and opens, closes, pings connections and resumes waiters as the actions say.
    struct StateMachine<Connection, Waiter> {
        /// What to do with a connection that came back.
        enum ReleaseAction {
            /// It went into the idle list.
            case keep
            /// Hand it to a waiter.
            case lend(Connection, to: Waiter)
            /// Close it; its slot goes to `slotTo` when a borrower waits, else is freed.
            case close(Connection, slotTo: Waiter?)
        }

        /// What to do with a connection lent from the idle list, before the borrower gets it.
        enum LentCheck: Equatable {
            case use
            /// It sat idle long enough for the server or a firewall to drop it: `SELECT 1` first.
            case ping
            /// It broke: ``discard(_:)`` it and lease again.
            case discard
        }

        let maxSize: Int
        private(set) var idle: [Connection] = []
        /// Connections open or being opened, lent or idle.
        private(set) var open = 0
        private(set) var waiters: [Waiter] = []
        private(set) var closed = false

        init(maxSize: Int) {
            self.maxSize = maxSize
        }

        /// An idle connection (the most recently used), or a slot while fewer than `maxSize` are
        /// open; `nil` when the borrower must wait.
        mutating func lease() -> Lease<Connection>? {
            if closed { return .closed }
            if let connection = idle.popLast() { return .connection(connection) }
            if open < maxSize {
                open += 1
                return .slot
            }
            return nil
        }

        /// ``lease()``, or queues `waiter` (first come, first served) and returns `nil`.
        mutating func leaseOrWait(_ waiter: Waiter) -> Lease<Connection>? {
            if let lease = lease() { return lease }
            waiters.append(waiter)
            return nil
        }

        /// Whether a connection lent from the idle list can be used as it is; one idle longer than
        /// `idleCheckAfter` is pinged first.
        static func check(
            broken: Bool,
            lastUsed: ContinuousClock.Instant,
            now: ContinuousClock.Instant,
            idleCheckAfter: Duration
        ) -> LentCheck {
            if broken { return .discard }
            return now - lastUsed > idleCheckAfter ? .ping : .use
        }

        /// A borrower gives `connection` back.
        mutating func release(_ connection: Connection, broken: Bool) -> ReleaseAction {
            if broken || closed { return discard(connection) }
            if !waiters.isEmpty { return .lend(connection, to: waiters.removeFirst()) }
            idle.append(connection)
            return .keep
        }

        /// `connection` is closed (broken, failed its ping, or came back after shutdown); its slot
        /// goes to the first waiter.
        mutating func discard(_ connection: Connection) -> ReleaseAction {
            .close(connection, slotTo: slotFreed())
        }

        /// Opening a connection in a slot failed: the slot goes to the first waiter, if any.
        mutating func openFailed() -> Waiter? { slotFreed() }

        /// Closes the pool: returns the idle connections to close and the waiters to fail (they would
        /// otherwise wait for ever). Connections in use close when they come back; later leases get
        /// ``Lease/closed``.
        mutating func shutdown() -> (idle: [Connection], waiters: [Waiter]) {
            closed = true
            open -= idle.count
            defer {
                idle.removeAll()
                waiters.removeAll()
            }
            return (idle, waiters)
        }

        /// A slot became free: the first waiter gets it, or it is counted as closed.
        private mutating func slotFreed() -> Waiter? {
            if !waiters.isEmpty && !closed { return waiters.removeFirst() }
            open -= 1
            return nil
        }
    }
}

extension SQLServerConnectionPool.Lease: Sendable where Connection: Sendable {}
extension SQLServerConnectionPool.StateMachine.ReleaseAction: Sendable where Connection: Sendable, Waiter: Sendable {}
extension SQLServerConnectionPool.Lease: Equatable where Connection: Equatable {}
extension SQLServerConnectionPool.StateMachine.ReleaseAction: Equatable where Connection: Equatable, Waiter: Equatable {}
