import Foundation
package import Logging

/// Applies and inspects the SQL Server schema: what `hearth db status|migrate|validate|baseline|repair`
/// run, and what the runtime checks at start-up.
///
/// `migrate` holds the session app lock `hearth.migrate` (`sp_getapplock`) for its whole run, so two
/// migrators never interleave; it applies each pending migration in one transaction with the
/// journal row (or, when a migration holds statements SQL Server cannot run in a transaction, says
/// which and runs it without one, recording a failure row if it breaks).
package struct SQLServerMigrator: Sendable {
    let pool: SQLServerConnectionPool
    let logger: Logger
    let known: [Migration]

    /// A migrator with a connection of its own.
    package init(configuration: SQLServerConfiguration, logger: Logger = Logger(label: "hearth.migrate")) throws {
        var single = configuration
        single.maxPoolSize = 1
        self.init(pool: SQLServerConnectionPool(configuration: single), logger: logger)
    }

    init(pool: SQLServerConnectionPool, logger: Logger) {
        self.pool = pool
        self.logger = logger
        self.known = (try? SQLServerStore.migrations()) ?? []
    }

    /// Closes the migrator's connection.
    package func shutdown() { pool.shutdown() }

    var repairCommand: String { "hearth db repair --store \"\(pool.configuration)\"" }

    /// The journal compared with this binary's migrations (all pending when there is no journal yet).
    package func status() async throws -> MigrationStatus {
        let known = self.known
        return try await run { c in MigrationStatus(known: known, applied: try Self.journal(c)) }
    }

    /// Throws, naming the command a DBA runs, unless the schema is exactly what this binary expects.
    /// Logs (a warning) when the schema is newer than this binary by expand-only migrations only.
    package func requireCurrent() async throws {
        let status = try await status()
        if let drift = status.drift(repair: repairCommand) {
            throw StoreError(.migration, "Hearth will not start on this SQL Server database: \(drift)")
        }
        if let notice = status.newerExpandNotice {
            logger.warning("\(notice)", metadata: ["versions": "\(status.unknownExpand.map(\.version))"])
        }
        guard status.pending.isEmpty else {
            let names = status.pending.map { "\(String(format: "%04d", $0.version)) \($0.description)" }.joined(separator: ", ")
            let store = pool.configuration.description
            throw StoreError(
                .migration,
                """
                the SQL Server schema is behind this hearth: \(status.pending.count) migration(s) pending (\(names)). \
                Hearth does not change a SQL Server schema unless told to. A DBA applies them with:
                  hearth db migrate --store "\(store)"
                or reviews and runs the script from:
                  hearth db script --idempotent > hearth-schema.sql
                (or start hearth with --migrate when its login may change the schema)
                """
            )
        }
    }

    /// Applies pending migrations up to `target` (all when `nil`).
    ///
    /// - Parameter lockWait: how long to wait for another migrator's lock (0: fail at once).
    /// - Returns: the migrations applied.
    @discardableResult
    package func migrate(target: Int? = nil, lockWait: Duration = .zero) async throws -> [AppliedMigration] {
        let known = self.known
        let logger = self.logger
        let repair = repairCommand
        let waitMilliseconds = Int32(lockWait.components.seconds * 1000)
        return try await run { c in
            try Self.withMigrationLock(c, waitMilliseconds: waitMilliseconds) {
                try Self.createJournal(c)
                let status = MigrationStatus(known: known, applied: try Self.journal(c))
                if let drift = status.drift(repair: repair) { throw StoreError(.migration, "nothing was migrated: \(drift)") }
                var applied: [AppliedMigration] = []
                for migration in status.pending where target.map({ migration.version <= $0 }) ?? true {
                    applied.append(try Self.apply(migration, c, logger: logger))
                }
                return applied
            }
        }
    }

    /// Records versions up to `version` as applied without running them: for a database whose
    /// schema was created by other means (Flyway's `baseline`).
    package func baseline(version: Int) async throws -> [Int] {
        let known = self.known
        guard known.contains(where: { $0.version == version }) else {
            throw StoreError(
                .migration,
                "there is no migration \(version) in this hearth (it knows \(known.map(\.version).map(String.init).joined(separator: ", ")))"
            )
        }
        return try await run { c in
            try Self.withMigrationLock(c, waitMilliseconds: 0) {
                try Self.createJournal(c)
                let present = Set(try Self.journal(c).map(\.version))
                var recorded: [Int] = []
                for migration in known where migration.version <= version && !present.contains(migration.version) {
                    try Self.record(c, migration, description: migration.description + " (baseline)", milliseconds: 0, success: true)
                    recorded.append(migration.version)
                }
                return recorded
            }
        }
    }

    /// What `repair` changed.
    package struct RepairReport: Sendable {
        package var removedFailures: Int
        package var realignedChecksums: [Int]
    }

    /// Deletes failure rows and records the checksums of this binary's scripts for applied
    /// versions whose files were edited (after a DBA checked the edit changes nothing applied).
    package func repair() async throws -> RepairReport {
        let known = self.known
        return try await run { c in
            try Self.withMigrationLock(c, waitMilliseconds: 0) {
                try Self.createJournal(c)
                let removed = SQLRow.affected(try c.execute(SQLServerStatements.deleteFailedJournalRows.sql))
                let status = MigrationStatus(known: known, applied: try Self.journal(c))
                var realigned: [Int] = []
                for (_, expected) in status.checksumMismatches {
                    _ = try c.execute(
                        SQLServerStatements.updateJournalChecksum.sql,
                        [
                            "checksum": .string(expected.checksum), "description": .string(expected.description),
                            "version": .int32(Int32(expected.version)),
                        ]
                    )
                    realigned.append(expected.version)
                }
                return RepairReport(removedFailures: removed, realignedChecksums: realigned)
            }
        }
    }

    // MARK: On the connection's thread

    private func run<T: Sendable>(_ body: @escaping @Sendable (TDSConnection) throws -> T) async throws -> T {
        do {
            return try await pool.withConnection { connection in try await connection.run(body) }
        } catch let error as SQLServerError {
            throw StoreError(error.code == .server ? .migration : .unavailable, Self.explain(error, pool.configuration), cause: error)
        }
    }

    static func explain(_ error: SQLServerError, _ configuration: SQLServerConfiguration) -> String {
        // 262, 2760, 1088, 15247: permission denied for DDL / schema / role.
        if [262, 2760, 1088, 15247, 15151, 3701].contains(error.number) {
            return
                "the login '\(configuration.user)' may not change the schema (\(error)); run hearth db migrate with a login in db_owner or db_ddladmin, or give the DBA the script from: hearth db script --idempotent"
        }
        return "\(error)"
    }

    static func journal(_ c: TDSConnection) throws -> [AppliedMigration] {
        guard try c.execute(SQLServerStatements.journalExists.sql).firstRow?.bool("present") == true else { return [] }
        var recorded: [Int: MigrationCompatibility] = [:]
        for row in try c.execute(SQLServerStatements.selectCompatibility.sql).rows {
            if let version = row.int("version"), let kind = row.string("compatibility") { recorded[version] = MigrationCompatibility(rawValue: kind) }
        }
        return try c.execute(SQLServerStatements.selectJournal.sql).rows.map { row in
            AppliedMigration(
                version: row.int("version") ?? 0,
                description: row.string("description") ?? "",
                checksum: row.string("checksum") ?? "",
                appliedBy: row.string("applied_by") ?? "",
                appliedAt: row.date("applied_at") ?? Date(timeIntervalSince1970: 0),
                durationMilliseconds: row.int("duration_ms") ?? 0,
                success: row.bool("success") ?? false,
                compatibility: recorded[row.int("version") ?? 0]
            )
        }
    }

    static func createJournal(_ c: TDSConnection) throws {
        _ = try c.batch(SQLServerStatements.createSchema.sql)
        _ = try c.batch(SQLServerStatements.createJournal.sql)
    }

    static func withMigrationLock<T>(_ c: TDSConnection, waitMilliseconds: Int32, _ body: () throws -> T) throws -> T {
        let result =
            try c.execute(SQLServerStatements.acquireMigrationLock.sql, ["timeout_ms": .int32(waitMilliseconds)]).firstRow?.int("result") ?? -999
        guard result >= 0 else {
            throw StoreError(
                .migration,
                result == -1
                    ? "another hearth db migrate (or repair/baseline) is running against this database: it holds the lock 'hearth.migrate' (sp_getapplock). Wait for it to finish and run this again; nothing was changed"
                    : "could not take the migration lock 'hearth.migrate' (sp_getapplock returned \(result)); nothing was changed"
            )
        }
        defer { _ = try? c.execute(SQLServerStatements.releaseMigrationLock.sql) }
        return try body()
    }

    static func record(_ c: TDSConnection, _ migration: Migration, description: String, milliseconds: Int, success: Bool) throws {
        _ = try c.execute(
            SQLServerStatements.insertJournal.sql,
            [
                "version": .int32(Int32(migration.version)), "description": .string(description), "checksum": .string(migration.checksum),
                "duration_ms": .int32(Int32(clamping: milliseconds)), "success": .bool(success),
            ]
        )
        if let compatibility = migration.compatibility {
            _ = try c.execute(
                SQLServerStatements.recordCompatibility.sql,
                [
                    "version": .int32(Int32(migration.version)), "compatibility": .string(compatibility.rawValue),
                ]
            )
        }
    }

    static func apply(_ migration: Migration, _ c: TDSConnection, logger: Logger) throws -> AppliedMigration {
        let batches = TSQLBatch.split(migration.script)
        let blocking = Array(Set(batches.flatMap(\.nonTransactionalStatements))).sorted()
        let start = Date()
        let name = "\(migration.fileName)"
        func run(_ batch: TSQLBatch, _ number: Int) throws {
            for _ in 0..<batch.repeatCount {
                do {
                    _ = try c.batch(batch.text)
                } catch let error as SQLServerError {
                    throw SQLServerError(error.code, number: error.number, "\(name), batch \(number) (line \(batch.line)): \(error.message)")
                }
            }
        }
        if blocking.isEmpty {
            do {
                try c.inTransaction {
                    for (index, batch) in batches.enumerated() { try run(batch, index + 1) }
                    try record(
                        c,
                        migration,
                        description: migration.description,
                        milliseconds: Int(Date().timeIntervalSince(start) * 1000),
                        success: true
                    )
                }
            } catch let error as SQLServerError {
                throw StoreError(
                    .migration,
                    "migration \(error.message); it was rolled back, nothing of it is applied (SQL Server error \(error.number))",
                    cause: error
                )
            }
        } else {
            logger.warning(
                "migration runs without a transaction",
                metadata: ["migration": "\(name)", "statements": "\(blocking.joined(separator: ", "))"]
            )
            do {
                for (index, batch) in batches.enumerated() { try run(batch, index + 1) }
            } catch let error as SQLServerError {
                try? record(
                    c,
                    migration,
                    description: migration.description,
                    milliseconds: Int(Date().timeIntervalSince(start) * 1000),
                    success: false
                )
                throw StoreError(
                    .migration,
                    "migration \(error.message). It holds statements SQL Server cannot run in a transaction (\(blocking.joined(separator: ", "))), so the batches before the failing one stay applied; it is recorded as failed. Fix the cause, check the schema, then run hearth db repair and hearth db migrate",
                    cause: error
                )
            }
            try record(c, migration, description: migration.description, milliseconds: Int(Date().timeIntervalSince(start) * 1000), success: true)
        }
        logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.description)"])
        return AppliedMigration(
            version: migration.version,
            description: migration.description,
            checksum: migration.checksum,
            appliedBy: "",
            appliedAt: start,
            durationMilliseconds: Int(Date().timeIntervalSince(start) * 1000),
            success: true,
            compatibility: migration.compatibility
        )
    }
}
