public import Foundation
public import HearthCore

/// What the worker role (`HearthWorker`) reads and writes: the change counter it polls, the
/// status of the apps it runs, the invocation log it writes, and the timer occurrences and leases
/// it claims.
///
/// A worker keeps no state of its own; everything it needs to share with management and with the
/// other workers goes through here. The queue trigger and output binding use ``QueueStore``; the
/// fleet (registration, heartbeats, enrolment, placements) is ``FleetStore``. The reads management makes too are in ``AppReadStore``.
///
/// Every method may throw ``StoreError/Code/unavailable`` when the database cannot be reached;
/// other errors are listed on each method. Claims (``claimTimerOccurrence(appID:functionName:occurrence:owner:)``,
/// ``LeaseStore/acquireLease(name:owner:duration:)``) are decided by the database, so they hold however many
/// workers on however many machines share the store.
public protocol WorkerStore: AppReadStore, QueueStore, FleetStore, LeaseStore {
    // MARK: Change tracking

    /// A number that grows with every change a worker must react to (apps, host names, tenant
    /// domains, deployments' activation, settings, keys).
    ///
    /// Workers poll it and reload what they cache when it moves. It never decreases; its value
    /// carries no meaning beyond the comparison.
    func changeVersion() async throws -> Int64

    // MARK: App status

    /// Records what a worker last saw of an app (loading, ready, failed, with a reason), replacing
    /// the previous status.
    ///
    /// An unknown app is ignored, not an error. Does not move ``changeVersion()``.
    func setAppStatus(appID: UUID, _ status: AppStatus) async throws

    // MARK: Invocation log

    /// Inserts or updates invocation records by id (duration, status, error and logs of an
    /// existing record are replaced), in transactions of a few hundred records.
    ///
    /// Idempotent: writing the same records again changes nothing. Records of apps that no
    /// longer exist are dropped, not an error.
    func writeInvocations(_ records: [InvocationRecord]) async throws

    /// Marks the invocations that earlier processes of worker `workerID` left `running` as
    /// ``InvocationRecord/Status/abandoned``, with `error` as their message.
    ///
    /// Marks rows whose `workerInstance` sorts before `currentInstance` (or has none). Rows of
    /// other workers, and of this process, are never touched. Returns how many were marked; a
    /// second call returns 0.
    func abandonInvocations(workerID: String, before currentInstance: String, error: String) async throws -> Int

    // MARK: Timers

    /// Claims one occurrence of a timer for `owner`.
    ///
    /// Exactly one caller gets `true` per occurrence (app, function name compared
    /// case-insensitively, time), however many workers share the store; every other claim, the
    /// owner's own again included, gets `false`. Claims older than a day are forgotten.
    func claimTimerOccurrence(appID: UUID, functionName: String, occurrence: Date, owner: String) async throws -> Bool

    /// The last recorded schedule status of a timer function (function name compared
    /// case-insensitively), or `nil` before any.
    func timerStatus(appID: UUID, functionName: String) async throws -> TimerStatus?

    /// Replaces the schedule status of a timer function (the `last`/`next` pair the Azure
    /// Functions host keeps, used to run a missed occurrence after a restart).
    func setTimerStatus(appID: UUID, functionName: String, _ status: TimerStatus) async throws
}
