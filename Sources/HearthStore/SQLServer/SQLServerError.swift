/// An error from the SQL Server driver: a server message (with its number), a db-lib error, a
/// lost connection or a timeout.
///
/// `description` names the problem and the fix; it never holds a password or a parameter value.
/// Server messages are passed through (they hold object names, not arguments: every value Hearth
/// sends is an RPC parameter, so it is never part of a statement's text).
package struct SQLServerError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is. New kinds may be added.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case configuration, login, connection, timeout, server, deadlock, protocolError
        }
        private var wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// The connection string is malformed or asks for something unsupported.
        package static let configuration = Code(.configuration)
        /// The server refused the login (wrong user or password, database missing or not allowed).
        package static let login = Code(.login)
        /// The server cannot be reached, or the connection broke.
        package static let connection = Code(.connection)
        /// The server did not answer within the login or query timeout.
        package static let timeout = Code(.timeout)
        /// The server reported an error for a statement (see ``SQLServerError/number``).
        package static let server = Code(.server)
        /// The transaction was chosen as a deadlock victim (error 1205) and rolled back; safe to retry.
        package static let deadlock = Code(.deadlock)
        /// db-lib reported something unexpected.
        package static let protocolError = Code(.protocolError)

        package var description: String { String(describing: wrapped) }
    }

    package var code: Code
    /// The SQL Server message number (2627 unique key, 547 constraint, 1205 deadlock, 18456 login
    /// failed …), or the db-lib error number (20009 cannot connect …), or 0.
    package var number: Int
    package var message: String

    package init(_ code: Code, number: Int = 0, _ message: String) {
        self.code = code
        self.number = number
        self.message = message
    }

    package var description: String {
        number == 0
            ? message : "\(message) (\(code == .server || code == .deadlock || code == .login ? "SQL Server error" : "db-lib error") \(number))"
    }

    /// True when the statement certainly did not take effect and may be sent again: a deadlock
    /// victim, or a failure to connect before anything was sent.
    package var isRetryableWithoutSideEffects: Bool {
        code == .deadlock || number == 1205 || (code == .connection && !afterSend)
    }

    /// Set when the connection broke after a request was sent (its effect is unknown).
    package var afterSend = false

    /// Unique key or primary key violation.
    var isUniqueViolation: Bool { number == 2627 || number == 2601 }
    /// Foreign key (or check) constraint violation.
    var isConstraintViolation: Bool { number == 547 }
}
