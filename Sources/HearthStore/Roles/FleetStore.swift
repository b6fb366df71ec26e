public import Foundation
public import HearthCore

/// The fleet: workers known to and trusted by it, the one-time enrolment tokens new workers join
/// with, and the workers each app is placed on.
///
/// Both roles use it, so both ``WorkerStore`` and ``ManagementStore`` refine it (as they do
/// ``QueueStore``): a worker registers itself at start, heartbeats with its load, redeems an
/// enrolment token and reads its placements; management lists workers, creates tokens, drains,
/// revokes and (the placer) replaces placements.
///
/// Secrets: the store keeps only SHA-256 hashes (hex, ``FleetSecret/hash(_:)``) of enrolment
/// tokens and worker credentials, and never returns them; ``WorkerRecord`` has no credential.
///
/// Times are passed in (`at:`) so callers and tests decide the clock. Every method may throw
/// ``StoreError/Code/unavailable`` when the database cannot be reached. Each write is one
/// transaction: it happens entirely or not at all.
public protocol FleetStore: Sendable {
    // MARK: Workers

    /// Registers a worker at its start: creates its row (state `ready`, load idle) or updates the
    /// row of that name with the registration, the heartbeat time `at` and an idle load, keeping
    /// its id, state and registration time.
    ///
    /// `credentialHash` is the hash of the worker's own credential (a worker that joined with
    /// ``redeemEnrolmentToken(hash:worker:credentialHash:at:)``) or `nil` (a worker holding the
    /// store and master key itself). A name whose row has a credential is only updated by a
    /// worker presenting it (else ``WorkerAdmission/refused``, nothing written); a credential
    /// presented for an unknown name is refused too (only redemption creates enrolled workers).
    /// A revoked row stays revoked and unchanged (``WorkerAdmission/revoked``).
    ///
    /// Throws ``HearthError`` for a registration that fails ``WorkerRegistration/validate()``.
    func registerWorker(_ registration: WorkerRegistration, credentialHash: String?, at date: Date) async throws -> WorkerAdmission

    /// Records a heartbeat: the time and the load, when the worker exists, is not revoked and
    /// `credentialHash` matches its row's (both `nil` for a worker without a credential).
    /// Otherwise writes nothing and answers ``WorkerHeartbeatAnswer/revoked`` or
    /// ``WorkerHeartbeatAnswer/unknown``.
    func heartbeat(workerID: UUID, credentialHash: String?, load: WorkerLoad, at date: Date) async throws -> WorkerHeartbeatAnswer

    /// Every worker with the number of apps placed on it, ordered by name.
    func workers() async throws -> [WorkerRecord]

    /// The worker of this name, or `nil`.
    func worker(named name: String) async throws -> WorkerRecord?

    /// Revokes a worker: it takes no work from now on (its next heartbeat is answered
    /// ``WorkerHeartbeatAnswer/revoked``) and its placements are removed. Idempotent; `false`
    /// when no worker has the name.
    func revokeWorker(named name: String) async throws -> Bool

    /// Sets a worker draining (`true`) or ready again (`false`). A revoked worker stays revoked.
    /// `false` when no unrevoked worker has the name.
    func setWorkerDraining(named name: String, _ draining: Bool) async throws -> Bool

    // MARK: Enrolment tokens

    /// Keeps a new enrolment token's hash with its expiry and creator.
    ///
    /// Throws ``StoreError/Code/conflict`` when the hash is kept already.
    func createEnrolmentToken(_ token: EnrolmentTokenRecord) async throws

    /// Redeems a one-time token: in one transaction, marks the token used (at `at`, by the new
    /// worker) and creates the worker `worker` with `credentialHash` (state `ready`, heartbeat at
    /// `at`). A row of that name without a credential, or revoked, is taken over (new credential,
    /// registration and state `ready`, same id).
    ///
    /// Refuses — changing nothing — a token not known (``EnrolmentRedemption/Refusal/unknown``),
    /// used before (``EnrolmentRedemption/Refusal/used``), whose expiry is at or before `at`
    /// (``EnrolmentRedemption/Refusal/expired``), or a name an enrolled, unrevoked worker has
    /// (``EnrolmentRedemption/Refusal/nameTaken``). Of two redemptions of one token racing, one
    /// succeeds. Throws ``HearthError`` for an invalid registration.
    func redeemEnrolmentToken(
        hash: String,
        worker: WorkerRegistration,
        credentialHash: String,
        at date: Date
    ) async throws
        -> EnrolmentRedemption

    // MARK: Placements

    /// The apps placed on a worker, ordered by app id.
    func placements(workerID: UUID) async throws -> [AppPlacement]

    /// The workers an app is placed on, ordered by worker id.
    func placements(appID: UUID) async throws -> [AppPlacement]

    /// Every placement of the fleet in one read, ordered by worker id, then app id: what the
    /// placer, the load-balancer view and each worker's routing read every round.
    func allPlacements() async throws -> [AppPlacement]

    /// Replaces an app's placements with `workerIDs` in one transaction: workers still in the set
    /// keep their placement time, new ones get `at`, the rest are removed.
    ///
    /// Throws ``StoreError/Code/notFound`` (changing nothing) when the app or a worker does not exist.
    func replacePlacements(appID: UUID, workerIDs: Set<UUID>, at date: Date) async throws

    // MARK: Fleet forwarding key

    /// The fleet forwarding key (32 bytes, signs and checks `X-Hearth-Forwarded`) for a store
    /// opened with a worker's own key (``StoreKeySource/worker(_:)``): the newest wrap made for
    /// that worker's registered public key, opened with its private key. `nil` for a store opened
    /// with the master keys (derive the key from the primary master key instead) and while none is
    /// wrapped for this worker (not registered yet, revoked, or not wrapped since it joined).
    ///
    /// Throws ``StoreError/Code/corrupt`` naming the worker (never the key) when its wrap does not
    /// open.
    func fleetForwardingKey() async throws -> [UInt8]?

    /// Wraps the fleet forwarding key derived from the primary master key for every unrevoked
    /// worker with a registered public key that has no wrap of it for that master key id and public
    /// key yet, in one transaction; returns how many wraps were written. ``revokeWorker(named:)``
    /// deletes a worker's wraps; a new primary master key makes new ones.
    ///
    /// Throws ``StoreError/Code/configuration`` in a process without the master key.
    func wrapFleetForwardingKey() async throws -> Int
}
