import GRDB

extension Database {
    /// Runs `body` in an IMMEDIATE transaction whose BEGIN and COMMIT are GRDB's cached statements,
    /// and rolls it back if `body` (or the COMMIT) throws; for a writer that opens a transaction
    /// many times a second (the invocation log's 64-row chunks).
    ///
    /// GRDB's `write`/`inTransaction` run `BEGIN`/`COMMIT` through `execute(sql:)`, which prepares
    /// each anew: ~42 k instructions a statement under callgrind (issue #16, bench/README.md).
    /// Cached statements keep GRDB's bookkeeping right: a statement's effect on the transaction
    /// (begin, commit, rollback, savepoint) is read from SQLite's authorizer when it is prepared
    /// and kept with it, and GRDB checks SQLite's autocommit state after every statement, so its
    /// transaction observers and `isInsideTransaction` see these as any other. The rollback is
    /// GRDB's own (it runs only if SQLite has not rolled back already, e.g. after `SQLITE_FULL`),
    /// so the connection is never handed back inside a transaction. Call it from
    /// `writeWithoutTransaction`, outside any transaction.
    func inPreparedImmediateTransaction(_ body: () throws -> Void) throws {
        try cachedStatement(sql: "BEGIN IMMEDIATE TRANSACTION").execute()
        do {
            try body()
            try cachedStatement(sql: "COMMIT TRANSACTION").execute()
        } catch {
            // The first error is the one to report; a failing rollback leaves GRDB's own check
            // (no transaction left open when the write ends) to stop the process, as in GRDB's
            // `inTransaction`.
            try? rollback()
            throw error
        }
    }
}
