import AsyncAlgorithms
public import Foundation
public import HearthCore
public import HearthStore
public import Logging
public import ServiceLifecycle
import Synchronization

/// The placer: decides which workers each app runs on and writes it to the store, in one
/// management instance at a time. Runs in the management role (`hearth management`, and inside
/// `hearth serve`).
///
/// Every ``Configuration/tick`` (1 s) it drives its ``PlacerLease`` against the store's lease named
/// ``leaseName`` (owner: ``owner``, unique per process). Every ``Configuration/roundEvery`` (2 s)
/// it reads the workers (and records each one's heartbeat age in
/// ``ManagementMetrics/Name/heartbeatAge``); while it holds the lease it wraps the fleet forwarding
/// key for workers that have no wrap of it (``FleetStore/wrapFleetForwardingKey()``), reads the apps, their
/// settings and placements (``PlacerSnapshot``) with the load samples it keeps in memory
/// (``PlacerLoadHistory``: each app's in-flight invocations from the workers' heartbeats, and the
/// messages waiting in a queue-triggered app's queues, ``PlacerQueueReader``), runs
/// ``Placement/plan(_:now:policy:)``, checks the lease once more, and writes each moved app's new
/// set of workers with ``FleetStore/replacePlacements(appID:workerIDs:at:)``, counting the moves
/// (``ManagementMetrics/Name/placementMoves``). At shutdown it gives the lease back, so another
/// instance takes over at its next try.
///
/// A queue-triggered app with `HEARTH_INSTANCES=0` is placed while messages wait in its queues,
/// and the waiting messages count toward its scale-out; once its queues stayed empty for the
/// scale-in window it goes back to no instance.
///
/// An app that cannot be placed (no ready worker with room) keeps no placement rows, so every
/// worker serves it as before the fleet; in `hearth serve` apps are placed on the one local worker
/// once it has registered.
///
/// ```swift
/// let placer = PlacerService(store: store, logger: logger)
/// // run it in the ServiceGroup, or drive it: `await placer.step()`
/// ```
public final class PlacerService: Service {
    /// The store lease one placer holds at a time.
    public static let leaseName = "placer"

    public struct Configuration: Sendable {
        /// The lease's timings (10 s, renewed every 3 s).
        public var lease = PlacerLease.Configuration()
        /// How often the lease is looked after.
        public var tick: Duration = .seconds(1)
        /// How often the fleet is read and, by the lease holder, placed.
        public var roundEvery: Duration = .seconds(2)
        /// Scale windows and defaults.
        public var policy = PlacementPolicy()
        /// When a silent worker is `down` (`--worker-down-after`).
        public var liveness = WorkerStatus.Liveness()

        public init() {}
    }

    private struct State {
        var lease: PlacerLease
        var lastRound: Date?
        var reported: Set<PlacerSnapshot.Problem> = []
        var unplaced: [PlacementPlan.Unplaced] = []
        var load: PlacerLoadHistory
    }

    let store: any ManagementStore
    /// Who holds the lease while this instance places: host name, process id and a random part.
    public let owner: String
    let configuration: Configuration
    let metrics: ManagementMetrics
    let logger: Logger
    let now: @Sendable () -> Date
    private let queues: PlacerQueueReader
    private let state: Mutex<State>

    /// - Parameters:
    ///   - store: The fleet's store.
    ///   - configuration: Timings, policy and liveness.
    ///   - metrics: Where moves and heartbeat ages are counted.
    ///   - owner: This instance's lease owner (unique by default).
    ///   - logger: Where moves, lease changes and ignored settings are logged.
    ///   - now: The clock (tests inject one).
    public init(
        store: any ManagementStore,
        configuration: Configuration = Configuration(),
        metrics: ManagementMetrics = ManagementMetrics(),
        owner: String = PlacerService.uniqueOwner(),
        logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.configuration = configuration
        self.metrics = metrics
        self.owner = owner
        self.logger = logger
        self.now = now
        self.queues = PlacerQueueReader(store: store)
        self.state = Mutex(State(lease: PlacerLease(configuration: configuration.lease), load: PlacerLoadHistory(policy: configuration.policy)))
    }

    /// A lease owner no other process has.
    public static func uniqueOwner() -> String {
        "\(ProcessInfo.processInfo.hostName)/\(ProcessInfo.processInfo.processIdentifier)/\(UUID().uuidString.prefix(8))"
    }

    /// Whether this instance acts as the placer now.
    public var isPlacing: Bool { state.withLock { $0.lease.isPlacing } }

    /// Steps now and every ``Configuration/tick`` until graceful shutdown, then gives the lease back.
    public func run() async throws {
        await step()
        for try await _ in AsyncTimerSequence(interval: configuration.tick, clock: .continuous).cancelOnGracefulShutdown() {
            await step()
        }
        await stop()
    }

    /// One tick: looks after the lease and, when a round is due, reads the fleet and (holding the
    /// lease) places. Returns the plan carried out, or `nil` when no placement round ran.
    @discardableResult
    package func step() async -> PlacementPlan? {
        let placing = await tendLease()
        let started = now()
        let due = state.withLock { state -> Bool in
            if let last = state.lastRound, started < last.addingTimeInterval(Self.seconds(configuration.roundEvery)) {
                return false
            }
            state.lastRound = started
            return true
        }
        guard due else { return nil }
        do {
            let workers = try await store.workers()
            for worker in workers where worker.state != .revoked {
                metrics.heartbeatAge(worker: worker.name, seconds: max(0, started.timeIntervalSince(worker.lastHeartbeatAt)))
            }
            guard placing else { return nil }
            await wrapForwardingKey()
            return try await place(workers: workers, at: started)
        } catch {
            logger.error("placement round failed", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// Stops placing and gives the lease back (at shutdown; the next ``step()`` does nothing).
    package func stop() async {
        let action = state.withLock { $0.lease.shutdown() }
        guard action == .release else { return }
        do {
            try await store.releaseLease(name: Self.leaseName, owner: owner)
            logger.info("placer stopped; lease released", metadata: ["owner": "\(owner)"])
        } catch {
            logger.warning("releasing the placer lease failed; it lapses by itself", metadata: ["error": "\(error)"])
        }
    }

    /// Wraps the fleet forwarding key for the workers that joined (or registered a new key) since
    /// the last round, so a worker without the master key forwards and accepts forwarded requests
    /// within a round and a heartbeat of joining. Nothing is written when every worker has its wrap.
    private func wrapForwardingKey() async {
        do {
            let written = try await store.wrapFleetForwardingKey()
            if written > 0 { logger.info("fleet forwarding key wrapped for workers", metadata: ["workers": "\(written)"]) }
        } catch {
            logger.warning("cannot wrap the fleet forwarding key for the workers; retrying next round", metadata: ["error": "\(error)"])
        }
    }

    /// Reads the apps, plans and writes the moves.
    private func place(workers: [WorkerRecord], at date: Date) async throws -> PlacementPlan? {
        let apps = try await store.apps(tenantID: nil)
        let settings = try await store.settings(appIDs: apps.map(\.id))
        var placements = Dictionary(grouping: try await store.allPlacements(), by: \.workerID)
        for worker in workers where placements[worker.id] == nil { placements[worker.id] = [] }
        let waiting = try await queues.read(apps: apps, settings: settings, at: date)
        let load = state.withLock { state in
            state.load.record(appIDs: apps.map(\.id), workers: workers, placements: placements, queueDepths: waiting.depths, at: date)
            return state.load.samples
        }
        let read = PlacerSnapshot(
            workers: workers,
            apps: apps,
            settings: settings,
            placements: placements,
            load: load,
            queues: waiting,
            now: date,
            liveness: configuration.liveness
        )
        report(read.problems)
        let plan = Placement.plan(read.snapshot, now: date, policy: configuration.policy)
        report(plan.unplaced, apps: read.apps)
        guard !plan.moves.isEmpty else { return plan }
        let moves = Dictionary(grouping: plan.moves, by: \.appID)
        for (appID, workerIDs) in read.placements(after: plan).sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            guard await tendLease() else {
                logger.warning("placer lease not sure any more; the rest of the plan is left to the next holder")
                return nil
            }
            do {
                try await store.replacePlacements(appID: appID, workerIDs: workerIDs, at: now())
            } catch {
                logger.warning("placing app failed", metadata: ["app": "\(read.apps[appID.uuidString]?.name ?? "")", "error": "\(error)"])
                continue
            }
            let done = moves[appID.uuidString] ?? []
            for move in done {
                logger.info("placement move", metadata: ["app": "\(read.apps[move.appID]?.name ?? "")", "move": "\(move)"])
            }
            metrics.moved(.place, count: done.filter { $0.kind == .place }.count)
            metrics.moved(.remove, count: done.filter { $0.kind == .remove }.count)
        }
        return plan
    }

    /// Ticks the lease, calling the store when a call is due; whether this instance places now.
    private func tendLease() async -> Bool {
        var action = state.withLock { $0.lease.tick(now: now()) }
        if action == .stopPlacing {
            logger.warning("placer lease may have lapsed; stopped placing", metadata: ["owner": "\(owner)"])
            // A pause (or failed renewals) let it lapse here: ask for it again at once if a call is due.
            action = state.withLock { $0.lease.tick(now: now()) }
        }
        guard action == .acquire else { return isPlacing }
        do {
            let acquired = try await store.acquireLease(name: Self.leaseName, owner: owner, duration: configuration.lease.duration)
            switch state.withLock({ $0.lease.leaseResult(acquired: acquired, now: now()) }) {
            case .startPlacing: logger.info("placing apps: this instance holds the placer lease", metadata: ["owner": "\(owner)"])
            case .stopPlacing: logger.warning("placer lease lost; stopped placing", metadata: ["owner": "\(owner)"])
            default: break
            }
        } catch {
            _ = state.withLock { $0.lease.leaseFailed(now: now()) }
            logger.warning("placer lease call failed", metadata: ["error": "\(error)"])
        }
        return isPlacing
    }

    /// Logs each settings problem once (an app's setting fixed and broken again is logged again).
    private func report(_ problems: [PlacerSnapshot.Problem]) {
        let fresh = state.withLock { state -> [PlacerSnapshot.Problem] in
            let current = Set(problems)
            let fresh = problems.filter { !state.reported.contains($0) }
            state.reported = current
            return fresh
        }
        for problem in fresh {
            logger.warning("\(problem.message); \(problem.consequence)", metadata: ["app": "\(problem.app)"])
        }
    }

    /// Logs the apps that could not be placed whenever that list changes.
    private func report(_ unplaced: [PlacementPlan.Unplaced], apps: [String: AppRecord]) {
        let changed = state.withLock { state -> Bool in
            guard state.unplaced != unplaced else { return false }
            state.unplaced = unplaced
            return true
        }
        guard changed else { return }
        for app in unplaced {
            logger.warning(
                "app short of instances; while it has none, every worker serves it",
                metadata: ["app": "\(apps[app.appID]?.name ?? app.appID)", "missing": "\(app.missing)", "reason": "\(app.reason.rawValue)"]
            )
        }
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        TimeInterval(duration.components.seconds) + TimeInterval(duration.components.attoseconds) / 1e18
    }
}
