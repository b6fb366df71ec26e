internal import CFreeTDS
import Foundation
import HearthSystem

/// One connection to SQL Server: the owner of one FreeTDS `DBPROCESS`.
///
/// Not thread-safe, and every call blocks: a ``SQLServerConnection`` confines it to a dedicated
/// thread. Opened with ``open(_:)`` (which frees everything if login fails), closed with
/// ``close()`` or, as a last resort, by `deinit`.
final class TDSConnection {
    private var process: OpaquePointer?
    let sink: TDSMessageSink
    let configuration: SQLServerConfiguration

    private init(process: OpaquePointer, sink: TDSMessageSink, configuration: SQLServerConfiguration) {
        self.process = process
        self.sink = sink
        self.configuration = configuration
    }

    deinit {
        if let process {
            dbsetuserdata(process, nil)
            dbclose(process)
        }
    }

    /// Connects and logs in (TDS 7.4), using `configuration.database` when set.
    static func open(_ configuration: SQLServerConfiguration) throws -> TDSConnection {
        let environment = try FreeTDSEnvironment.shared()
        let server = try environment.serverName(for: configuration)
        guard let login = dblogin() else {
            throw SQLServerError(.protocolError, "db-lib could not allocate a login record (dblogin failed)")
        }
        defer { dbloginfree(login) }
        var ok = hearth_dbsetluser(login, configuration.user) == SUCCEED
        ok = ok && hearth_dbsetlpwd(login, configuration.password) == SUCCEED
        ok = ok && hearth_dbsetlapp(login, configuration.applicationName) == SUCCEED
        ok = ok && hearth_dbsetlhost(login, MachineName.current) == SUCCEED
        ok = ok && hearth_dbsetlcharset(login, "UTF-8") == SUCCEED
        ok = ok && hearth_dbsetlutf16(login, 1) == SUCCEED
        ok = ok && hearth_dbsetlversion(login, BYTE(DBVERSION_74)) == SUCCEED
        if let database = configuration.database {
            ok = ok && hearth_dbsetldbname(login, database) == SUCCEED
        }
        guard ok else {
            throw SQLServerError(.configuration, "db-lib refused a login field (user, application or database name longer than 128 characters?)")
        }
        let sink = TDSMessageSink()
        let opened = environment.withOpeningSink(sink) { hearth_dbopen(login, server) }
        guard let opened else {
            throw Self.loginError(sink.drain(), configuration)
        }
        let connection = TDSConnection(process: opened, sink: sink, configuration: configuration)
        dbsetuserdata(opened, UnsafeMutablePointer(mutating: Unmanaged.passUnretained(sink).toOpaque().assumingMemoryBound(to: BYTE.self)))
        _ = sink.drain()  // login chatter: "Changed database context", language, packet size
        return connection
    }

    /// True once db-lib has marked the connection unusable (socket closed, timeout, protocol error).
    var isDead: Bool {
        guard let process else { return true }
        return dbdead(process) != 0
    }

    /// Logs out and frees the `DBPROCESS`.
    func close() {
        guard let process else { return }
        dbsetuserdata(process, nil)
        dbclose(process)
        self.process = nil
    }

    func requireProcess() throws -> OpaquePointer {
        guard let process, dbdead(process) == 0 else {
            throw SQLServerError(.connection, "the connection to SQL Server at \(configuration.host):\(configuration.port) is closed")
        }
        return process
    }

    // MARK: Requests

    /// Sends `sql` as a plain SQL batch (no parameters: DDL, transaction control, migration
    /// batches).
    func batch(_ sql: String) throws -> SQLResult {
        let process = try requireProcess()
        _ = sink.drain()
        guard dbcmd(process, sql) == SUCCEED else { throw failure(during: "sending a batch", sent: false) }
        guard dbsqlsend(process) == SUCCEED else { throw failure(during: "sending a batch", sent: true) }
        guard dbsqlok(process) == SUCCEED else { throw failure(during: "running a batch", sent: true) }
        return try readResults(process)
    }

    /// Runs `sql` through `sp_executesql` with every value as a typed RPC parameter: values never
    /// become part of the statement's text.
    ///
    /// - Parameters:
    ///   - sql: T-SQL referring to the parameters by name (`WHERE id = @id`).
    ///   - parameters: names without `@`, and values.
    func execute(_ sql: String, _ parameters: KeyValuePairs<String, SQLValue> = [:]) throws -> SQLResult {
        try execute(sql, parameters.map { ($0.key, $0.value) })
    }

    func execute(_ sql: String, _ parameters: [(String, SQLValue)]) throws -> SQLResult {
        let process = try requireProcess()
        _ = sink.drain()
        var call = RPCCall(statement: sql, parameters: parameters)
        defer { call.deallocate() }
        try call.bind(to: process, connection: self)
        guard dbrpcsend(process) == SUCCEED else { throw failure(during: "sending a statement", sent: true) }
        guard dbsqlok(process) == SUCCEED else { throw failure(during: "running a statement", sent: true) }
        return try readResults(process)
    }

    /// Runs `body` in one transaction with `XACT_ABORT` on: committed if it returns, rolled back if it throws.
    func inTransaction<T>(_ body: () throws -> T) throws -> T {
        _ = try batch(SQLServerStatements.beginTransaction.sql)
        do {
            let value = try body()
            _ = try batch(SQLServerStatements.commitTransaction.sql)
            return value
        } catch {
            if !isDead { _ = try? batch(SQLServerStatements.rollbackTransaction.sql) }
            throw error
        }
    }

    // MARK: Errors

    /// The error for a call that returned `FAIL`, from what the handlers recorded.
    func failure(during what: String, sent: Bool) -> SQLServerError {
        let (server, library) = sink.drain()
        var error = Self.error(server: server, library: library, dead: isDead, configuration: configuration, during: what)
        error.afterSend = sent
        return error
    }

    static func error(
        server: [TDSMessageSink.ServerMessage],
        library: [TDSMessageSink.LibraryError],
        dead: Bool,
        configuration: SQLServerConfiguration,
        during what: String
    ) -> SQLServerError {
        if let message = server.first(where: { $0.severity > 10 }) {
            let code: SQLServerError.Code = message.number == 1205 ? .deadlock : .server
            var text = message.text
            if let procedure = message.procedure {
                text += " (in \(procedure), line \(message.line))"
            } else if message.line > 0 {
                text += " (line \(message.line))"
            }
            return SQLServerError(code, number: message.number, text)
        }
        if let timeout = library.first(where: { $0.number == Int(SYBETIME) }) {
            return SQLServerError(
                .timeout,
                number: timeout.number,
                "SQL Server at \(configuration.host):\(configuration.port) did not answer within Command Timeout=\(configuration.commandTimeout) s while \(what)"
            )
        }
        if let failure = library.first {
            let os = failure.osText.map { ": \($0)" } ?? ""
            return SQLServerError(
                dead ? .connection : .protocolError,
                number: failure.number,
                "\(failure.text)\(os) (while \(what) to \(configuration.host):\(configuration.port))"
            )
        }
        return SQLServerError(dead ? .connection : .protocolError, "db-lib failed while \(what) with no message from the server")
    }

    /// A login failure in words a DBA or operator can act on. Never includes the password.
    static func loginError(
        _ messages: (server: [TDSMessageSink.ServerMessage], library: [TDSMessageSink.LibraryError]),
        _ configuration: SQLServerConfiguration
    ) -> SQLServerError {
        let target = "\(configuration.host):\(configuration.port)"
        let numbers = Set(messages.server.map(\.number))
        if numbers.contains(4060) || numbers.contains(911) {
            return SQLServerError(
                .login,
                number: 4060,
                "SQL Server at \(target) cannot open database '\(configuration.database ?? "")' for login '\(configuration.user)': it does not exist or the login has no user in it. Create the database (and user), or fix Database= in the connection string"
            )
        }
        if numbers.contains(18456) || numbers.contains(18470) || numbers.contains(18486) || numbers.contains(18488) {
            return SQLServerError(
                .login,
                number: 18456,
                "SQL Server at \(target) refused the login for '\(configuration.user)': wrong user name or password, or the login is disabled. Check User ID and Password in the connection string"
            )
        }
        if let message = messages.server.first(where: { $0.severity > 10 }) {
            return SQLServerError(.login, number: message.number, "SQL Server at \(target) refused the login: \(message.text)")
        }
        let library = messages.library
        if library.contains(where: { $0.number == Int(SYBETIME) }) {
            return SQLServerError(
                .timeout,
                number: Int(SYBETIME),
                "SQL Server at \(target) did not answer within Connect Timeout=\(configuration.connectTimeout) s; check Server= and the network path"
            )
        }
        let os = library.compactMap(\.osText).first.map { " (\($0))" } ?? ""
        if library.contains(where: { [Int(SYBECONN), 20002, Int(SYBESEOF), Int(SYBEREAD)].contains($0.number) }) || library.isEmpty {
            return SQLServerError(
                .connection,
                number: library.first?.number ?? 0,
                "cannot connect to SQL Server at \(target)\(os); check Server=tcp:HOST,PORT, that SQL Server listens on TCP there, and any firewall between"
            )
        }
        let first = library[0]
        return SQLServerError(.connection, number: first.number, "cannot log in to SQL Server at \(target): \(first.text)\(os)")
    }
}
