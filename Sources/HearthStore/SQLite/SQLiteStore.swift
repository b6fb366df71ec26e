import Foundation
import GRDB
import HearthCore
package import Logging
import Synchronization

/// The embedded store: one SQLite database in WAL mode, through GRDB's `DatabasePool`
/// (many concurrent readers, one writer; GRDB runs SQLite calls on its own serial queues, never on
/// the cooperative pool).
package final class SQLiteStore: Store {
    let pool: DatabasePool
    let cipher: SecretCipher
    /// Opens and seals apps' secrets under their data keys (``AppKeyring``).
    let keyring: AppKeyring
    let logger: Logger
    /// Where the invocation log's batches are written (a lower-priority thread).
    let background = BlockingThread(name: "hearth-store-bg", niceness: BlockingThread.backgroundNiceness)
    /// The invocations whose rows the log wrote `running` and not yet ended (a hint for its writes).
    let writtenRunning = Mutex(InvocationsWrittenRunning())

    /// The SQLite migrations this binary carries.
    package static func migrations() throws -> [Migration] { try MigrationCatalog.embedded(backend: "sqlite") }

    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    ///
    /// The embedded store migrates itself: it is Hearth's own file. It refuses to open a database
    /// whose journal has versions this binary does not know or whose applied scripts were edited.
    /// `traceStatements`, for tests that count queries, gets the text of every statement any
    /// connection runs (with its `?` placeholders, never the arguments).
    package convenience init(
        path: String,
        cipher: SecretCipher,
        logger: Logger = Logger(label: "hearth.store"),
        traceStatements: (@Sendable (String) -> Void)? = nil
    ) throws {
        try self.init(path: path, keys: .master(cipher), logger: logger, traceStatements: traceStatements)
    }

    /// Opens the store with `keys`: the master keys, or a worker's own key (which opens only the
    /// secrets of the apps placed on that worker).
    package init(
        path: String,
        keys: StoreKeySource,
        logger: Logger = Logger(label: "hearth.store"),
        traceStatements: (@Sendable (String) -> Void)? = nil
    ) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // WAL + NORMAL: durable across process crashes; a power loss may lose the last commits.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            if let traceStatements { db.trace { traceStatements($0.description) } }
        }
        do {
            // Created 0600 before SQLite opens it: SQLite gives -wal and -shm the same mode.
            if !FileManager.default.fileExists(atPath: path) {
                FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: NSNumber(value: 0o600)])
            }
            try PrivateFiles.restrictDatabase(path: path)
            pool = try DatabasePool(path: path, configuration: configuration)
            try PrivateFiles.restrictDatabase(path: path)
        } catch {
            throw StoreError(.unavailable, "cannot open the SQLite store at \(path): \(error)", cause: error)
        }
        self.cipher = keys.cipher
        self.keyring = AppKeyring(keys)
        self.logger = logger
        try migrate()
    }

    /// Applies every pending migration, each in its own transaction, recording it in the journal.
    func migrate() throws {
        let known = try Self.migrations()
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: Self.journalDDL)
            let status = MigrationStatus(known: known, applied: try Self.journal(db))
            if let drift = status.drift(repair: "(the embedded store cannot be repaired in place: restore the original migration file)") {
                throw StoreError(.migration, drift)
            }
            if let notice = status.newerExpandNotice {
                logger.warning("\(notice)", metadata: ["versions": "\(status.unknownExpand.map(\.version))"])
            }
            for migration in status.pending {
                let start = Date()
                try db.inTransaction {
                    try db.execute(sql: migration.script)
                    try db.execute(
                        sql: """
                            INSERT OR REPLACE INTO hearth_schema_history (version, description, checksum, applied_by, applied_at, duration_ms, success)
                            VALUES (?, ?, ?, ?, ?, ?, 1)
                            """,
                        arguments: [
                            migration.version, migration.description, migration.checksum, ProcessInfo.processInfo.userName,
                            start.millisecondsSince1970, Int(Date().timeIntervalSince(start) * 1000),
                        ]
                    )
                    try Self.recordCompatibility(of: migration, db)
                    return .commit
                }
                logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.description)"])
            }
        }
    }

    static let journalDDL = """
        CREATE TABLE IF NOT EXISTS hearth_schema_history (
            version      INTEGER NOT NULL PRIMARY KEY,
            description  TEXT    NOT NULL,
            checksum     TEXT    NOT NULL,
            applied_by   TEXT    NOT NULL,
            applied_at   INTEGER NOT NULL,
            duration_ms  INTEGER NOT NULL,
            success      INTEGER NOT NULL
        )
        """

    static func journal(_ db: Database) throws -> [AppliedMigration] {
        let recorded = try Self.recordedCompatibility(db)
        return try Row.fetchAll(db, sql: "SELECT * FROM hearth_schema_history ORDER BY version").map { row in
            AppliedMigration(
                version: row["version"],
                description: row["description"],
                checksum: row["checksum"],
                appliedBy: row["applied_by"],
                appliedAt: Date(millisecondsSince1970: row["applied_at"]),
                durationMilliseconds: row["duration_ms"],
                success: row["success"],
                compatibility: recorded[row["version"]]
            )
        }
    }

    /// Where migration 0005 and later record each migration's compatibility, beside the journal.
    static let compatibilityTable = "hearth_schema_compatibility"

    /// The compatibility recorded per version (none before migration 0005 created the table).
    static func recordedCompatibility(_ db: Database) throws -> [Int: MigrationCompatibility] {
        guard try db.tableExists(compatibilityTable) else { return [:] }
        let rows = try Row.fetchAll(db, sql: "SELECT version, compatibility FROM hearth_schema_compatibility")
        return Dictionary(rows.map { (row: Row) in (row["version"], MigrationCompatibility(rawValue: row["compatibility"])) }) { a, _ in a }
    }

    /// Records `migration`'s compatibility with its journal row, once the table for it exists.
    static func recordCompatibility(of migration: Migration, _ db: Database) throws {
        guard let compatibility = migration.compatibility, try db.tableExists(compatibilityTable) else { return }
        try db.execute(
            sql: "INSERT OR REPLACE INTO hearth_schema_compatibility (version, compatibility) VALUES (?, ?)",
            arguments: [migration.version, compatibility.rawValue]
        )
    }

    /// The journal compared with this binary's migrations.
    package func migrationStatus() async throws -> MigrationStatus {
        let applied = try await pool.read { db in try Self.journal(db) }
        return MigrationStatus(known: try Self.migrations(), applied: applied)
    }

    package func changeVersion() async throws -> Int64 {
        try await pool.read { db in try Int64.fetchOne(db, sql: "SELECT version FROM change_counter WHERE id = 1") ?? 0 }
    }

    /// Bumps the change counter inside the caller's write transaction.
    static func bump(_ db: Database) throws {
        try db.execute(sql: "UPDATE change_counter SET version = version + 1 WHERE id = 1")
    }

    /// Runs a write transaction, translating SQLite constraint failures into ``StoreError``.
    func write<T: Sendable>(_ what: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(body)
        } catch let error as DatabaseError
            where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE || error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
        {
            throw StoreError(.conflict, "\(what) already exists", cause: error)
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
            throw StoreError(.notFound, "\(what) refers to something that does not exist", cause: error)
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await pool.read(body)
    }

    deinit { background.stop() }
}

extension Date {
    var millisecondsSince1970: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
    init(millisecondsSince1970 ms: Int64) { self.init(timeIntervalSince1970: Double(ms) / 1000) }
}

enum JSONColumn {
    /// Most invocation records have no log lines: no encoder for those (this runs for every record
    /// of every batch the invocation log writes).
    static func encode(_ strings: [String]) -> String {
        if strings.isEmpty { return "[]" }
        return String(decoding: (try? JSONEncoder().encode(strings)) ?? Data("[]".utf8), as: UTF8.self)
    }
    static func decode(_ text: String?) -> [String] {
        guard let text else { return [] }
        return (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }
}
