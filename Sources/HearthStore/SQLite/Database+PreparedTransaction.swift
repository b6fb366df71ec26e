import GRDB

extension Database {
    /// Runs `body` in an IMMEDIATE transaction whose BEGIN and COMMIT are GRDB's cached statements,
    /// and rolls it back if `body` (or the COMMIT) throws; for a writer that opens a transaction
    /// many times a second (the invocation log's 64-row chunks).
    ///
    /// GRDB's `write`/`inTransaction` run `BEGIN`/`COMMIT` through `execute(sql:)`, which prepares
    /// each anew (GRDB's `BEGIN` cost 18 k instructions under callgrind; keeping both prepared saved
    /// ~27 k a transaction, bench/README.md "Invocation log write, fourth round").
    /// Cached statements keep GRDB's bookkeeping right: a statement's effect on the transaction
    /// (begin, commit, rollback, savepoint) is read from SQLite's authorizer when it is prepared
    /// and kept with it, and GRDB checks SQLite's autocommit state after every statement, so
    /// `isInsideTransaction` sees these as any other. One thing GRDB's own `inTransaction` does
    /// that this cannot (its flag is internal): refuse further statements once SQLite has rolled
    /// the transaction back by itself (`SQLITE_FULL`, `RAISE(ROLLBACK)`). So `body` must not catch
    /// and swallow an error: carrying on would run each later statement in a transaction of its
    /// own. The rollback is GRDB's own (it runs only if SQLite has not rolled back already), so the
    /// connection is never handed back inside a transaction. Call it from
    /// `writeWithoutTransaction`, outside any transaction.
    func inPreparedImmediateTransaction<T>(_ body: () throws -> T) throws -> T {
        try cachedStatement(sql: "BEGIN IMMEDIATE TRANSACTION").execute()
        do {
            let result = try body()
            try cachedStatement(sql: "COMMIT TRANSACTION").execute()
            return result
        } catch {
            // The first error is the one to report; a failing rollback leaves GRDB's own check
            // (no transaction left open when the write ends) to stop the process, as in GRDB's
            // `inTransaction`.
            try? rollback()
            throw error
        }
    }
}
