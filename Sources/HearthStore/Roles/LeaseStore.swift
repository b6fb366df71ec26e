/// Named leases decided by the database: one owner at a time holds a name until its lease
/// expires, however many processes on however many machines share the store.
///
/// Both roles take leases, so both ``WorkerStore`` (the singleton work of the workers) and
/// ``ManagementStore`` (the placer's lease, named `placer`) refine it. On SQL Server a call is one
/// statement under update locks (`UPDLOCK`, `HOLDLOCK`); on SQLite one write transaction. The
/// clock of the process making the call decides expiry.
public protocol LeaseStore: Sendable {
    /// Takes or renews the named lease for `owner` until `now + duration`.
    ///
    /// Returns `true` when `owner` holds it now (taken, renewed, or taken over after the previous
    /// owner's lease expired), `false` if another owner holds an unexpired lease.
    func acquireLease(name: String, owner: String, duration: Duration) async throws -> Bool

    /// Gives up the named lease if `owner` holds it; otherwise does nothing (idempotent).
    func releaseLease(name: String, owner: String) async throws
}
