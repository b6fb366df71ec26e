import Foundation
import HearthCore
package import Logging

/// The production store: SQL Server through FreeTDS db-lib.
///
/// Every value goes to the server as an RPC parameter of `sp_executesql`; every statement is in
/// ``SQLServerStatements``. Blocking db-lib calls run on each connection's own thread, never on
/// the cooperative pool. A write runs in one transaction (`XACT_ABORT` on) and is retried when
/// SQL Server chose it as a deadlock victim (1205, rolled back, so safe) or when the connection
/// failed before the request was sent; reads and idempotent writes are also retried once the
/// pool has replaced a connection that broke mid-request.
///
/// The runtime does not change the schema: ``open(configuration:cipher:migrate:logger:)`` refuses
/// to start on pending migrations or drift and names the command a DBA runs, unless `migrate` is set.
package final class SQLServerStore: Store {
    let pool: SQLServerConnectionPool
    let cipher: SecretCipher
    /// Opens and seals apps' secrets under their data keys (``AppKeyring``).
    let keyring: AppKeyring
    let logger: Logger
    package let configuration: SQLServerConfiguration

    /// The SQL Server migrations this binary carries.
    package static func migrations() throws -> [Migration] { try MigrationCatalog.embedded(backend: "sqlserver") }

    convenience init(configuration: SQLServerConfiguration, cipher: SecretCipher, logger: Logger) {
        self.init(configuration: configuration, keys: .master(cipher), logger: logger)
    }

    init(configuration: SQLServerConfiguration, keys: StoreKeySource, logger: Logger) {
        self.configuration = configuration
        self.pool = SQLServerConnectionPool(configuration: configuration)
        self.cipher = keys.cipher
        self.keyring = AppKeyring(keys)
        self.logger = logger
    }

    deinit { pool.shutdown() }

    /// Connects, then checks the schema against this binary's migrations.
    ///
    /// - Parameters:
    ///   - migrate: apply pending migrations first (`hearth serve --migrate`); the login then needs
    ///     DDL rights. Without it, pending migrations or drift are an error naming `hearth db migrate`.
    package static func open(
        configuration: SQLServerConfiguration,
        cipher: SecretCipher,
        migrate: Bool = false,
        logger: Logger = Logger(label: "hearth.store")
    ) async throws -> SQLServerStore {
        try await open(configuration: configuration, keys: .master(cipher), migrate: migrate, logger: logger)
    }

    /// Connects with `keys` (the master keys, or a worker's own key), then checks the schema.
    package static func open(
        configuration: SQLServerConfiguration,
        keys: StoreKeySource,
        migrate: Bool = false,
        logger: Logger = Logger(label: "hearth.store")
    ) async throws -> SQLServerStore {
        let store = SQLServerStore(configuration: configuration, keys: keys, logger: logger)
        let migrator = SQLServerMigrator(pool: store.pool, logger: logger)
        do {
            if migrate {
                _ = try await migrator.migrate()
            }
            try await migrator.requireCurrent()
        } catch {
            store.pool.shutdown()
            throw error
        }
        return store
    }

    /// Closes idle connections.
    package func shutdown() { pool.shutdown() }

    package func changeVersion() async throws -> Int64 {
        try await read("change counter") { c in
            try c.execute(SQLServerStatements.changeVersion.sql).firstRow?.int64("version") ?? 0
        }
    }

    // MARK: Running statements

    /// Runs reads (safe to retry on any connection failure).
    func read<T: Sendable>(_ what: String, _ body: @escaping @Sendable (TDSConnection) throws -> T) async throws -> T {
        try await perform(what, idempotent: true, transaction: false, body)
    }

    /// Runs a write in one transaction. `idempotent` writes (upserts, deletes by key) are also
    /// retried when the connection broke after the request was sent.
    func write<T: Sendable>(_ what: String, idempotent: Bool = false, _ body: @escaping @Sendable (TDSConnection) throws -> T) async throws -> T {
        try await perform(what, idempotent: idempotent, transaction: true, body)
    }

    private func perform<T: Sendable>(
        _ what: String,
        idempotent: Bool,
        transaction: Bool,
        _ body: @escaping @Sendable (TDSConnection) throws -> T
    ) async throws -> T {
        var attempt = 0
        var random = SystemRandomNumberGenerator()
        while true {
            do {
                return try await pool.withConnection { connection in
                    try await connection.run { c in transaction ? try c.inTransaction { try body(c) } : try body(c) }
                }
            } catch let error as SQLServerError {
                let retry = error.isRetryableWithoutSideEffects || (idempotent && error.code == .connection)
                if retry && Self.retryPolicy.allowsRetry(afterRetries: attempt) {
                    attempt += 1
                    logger.notice("retrying store operation", metadata: ["what": "\(what)", "attempt": "\(attempt)", "reason": "\(error.code)"])
                    try await Task.sleep(for: Self.retryPolicy.delay(beforeRetry: attempt, using: &random))
                    continue
                }
                throw Self.storeError(error, what)
            }
        }
    }

    /// Three retries, 50, 100 and 200 ms apart plus up to 25 ms at random.
    static let retryPolicy = RetryPolicy(
        maxRetries: 3,
        backoff: Backoff(initial: .milliseconds(50), maximum: .milliseconds(200), jitter: .milliseconds(25))
    )

    static func storeError(_ error: SQLServerError, _ what: String) -> StoreError {
        if error.isUniqueViolation { return StoreError(.conflict, "\(what) already exists", cause: error) }
        if error.isConstraintViolation { return StoreError(.notFound, "\(what) refers to something that does not exist", cause: error) }
        switch error.code {
        case .connection, .timeout, .login:
            return StoreError(.unavailable, "SQL Server is unavailable (\(what)): \(error)", cause: error)
        default:
            return StoreError(.unavailable, "SQL Server could not complete an operation on \(what): \(error)", cause: error)
        }
    }
}

extension SQLValue {
    /// A time as the store keeps it: milliseconds (the schema's DATETIME2(3)), as SQLite keeps it.
    static func time(_ date: Date?) -> SQLValue {
        .date(date.map { Date(timeIntervalSince1970: ($0.timeIntervalSince1970 * 1000).rounded() / 1000) })
    }
}

extension SQLRow {
    /// A NOT NULL column; a missing value means the row cannot be trusted.
    func required<T>(_ value: T?, _ column: String) throws -> T {
        guard let value else {
            throw StoreError(.corrupt, "column '\(column)' is NULL or has an unexpected type; the SQL Server schema does not match this hearth")
        }
        return value
    }

    func requiredUUID(_ column: String) throws -> UUID { try required(uuid(column), column) }
    func requiredString(_ column: String) throws -> String { try required(string(column), column) }
    func requiredDate(_ column: String) throws -> Date { try required(date(column), column) }
    /// The count `SELECT @@ROWCOUNT AS affected` reported.
    static func affected(_ result: SQLResult) -> Int { result.resultSets.last?.first?.int("affected") ?? 0 }
}
