import Foundation
import HearthCore
import HearthStore
import Logging
import ServiceLifecycle

/// Drives this worker's ``WorkerDrain``: follows the state the store gives the worker (an admin's
/// `hearth workers drain` / `ready`), and when the ``WorkerStopGate`` hears a graceful shutdown
/// (SIGTERM) drains the worker before the front stops. It runs beside the catalog (as the fleet
/// heartbeat does), so the front, timers, catalog and heartbeat keep running while it drains.
///
/// Each ``WorkerFleetConfiguration/heartbeatInterval`` while draining it reads the fleet (apps
/// still placed here, other ready workers) and the calls in flight. A stop that marked the worker
/// draining leaves a marker file, so the next start makes the worker ready again; a drain an
/// admin asked for outlives restarts.
struct WorkerDrainService: Service {
    let store: any FleetStore
    let catalog: AppCatalog
    let configuration: WorkerConfiguration
    let stop: WorkerStopSignal
    let logger: Logger

    /// The marker a stop's drain leaves (under the data directory).
    static let markerPath = "fleet/drained-by-stop"

    var membership: FleetMembership { catalog.membership }
    var name: String { configuration.fleet.name }
    var marker: URL { configuration.dataDirectory.appendingPathComponent(Self.markerPath) }

    func run() async throws {
        let (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        stop.onRequest { wake.yield() }
        let interval = configuration.fleet.heartbeatInterval
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { ticker in
                ticker.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: interval)
                        wake.yield()
                    }
                }
                await follow(wakes)
                ticker.cancelAll()
            }
        }
        stop.finish()
    }

    private func follow(_ wakes: AsyncStream<Void>) async {
        var machine = WorkerDrain(configuration: configuration.fleet.drain)
        var markerChecked = false
        for await _ in wakes {
            if !markerChecked, let member = membership.member {
                markerChecked = true
                await undoStopDrain(id: member.id, state: member.state)
            }
            var actions: [WorkerDrain.Action] = []
            if stop.isRequested && !machine.stopping {
                // A revoked worker takes no work: nothing to drain.
                if membership.isRevoked { break }
                actions += machine.stopRequested(at: Date())
            }
            if let member = membership.member { actions += machine.storeState(member.state, at: Date()) }
            if machine.isDraining { actions += await observe(&machine) }
            for action in actions { await perform(action) }
            if machine.phase == .finished { break }
        }
        // Finished (or revoked): the stop may go on. The catalog and heartbeat run on without this.
        stop.finish()
    }

    /// Feeds the fleet and the calls in flight to the drain.
    private func observe(_ machine: inout WorkerDrain) async -> [WorkerDrain.Action] {
        let now = Date()
        var actions = machine.inFlight(catalog.fleetLoad.inFlightInvocations, at: now)
        do {
            let workers = try await store.workers()
            let placed = workers.first { $0.name == name }?.appsPlaced ?? 0
            let others = workers.filter { $0.name != name && WorkerStatus.of($0, at: now) == .ready }.count
            actions += machine.placements(placed, otherReadyWorkers: others, at: now)
        } catch {
            logger.warning("cannot read the fleet while draining; retrying", metadata: ["error": "\(error)"])
            actions += machine.tick(at: now)
        }
        return actions
    }

    private func perform(_ action: WorkerDrain.Action) async {
        switch action {
        case .markDraining:
            logger.notice("stopping: draining this worker first", metadata: ["worker": "\(name)"])
            do {
                try FileManager.default.createDirectory(at: marker.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(name.utf8).write(to: marker)
                _ = try await store.setWorkerDraining(named: name, true)
            } catch {
                logger.warning("cannot mark this worker draining in the store", metadata: ["error": "\(error)"])
            }
        case .stopTakingWork:
            logger.notice("drained: health answers 503, timers and queue polling pause", metadata: ["worker": "\(name)"])
            membership.setDrained(true)
        case .resumeWork:
            logger.notice("ready again: taking work", metadata: ["worker": "\(name)"])
            membership.setDrained(false)
        case .finish:
            logger.notice("drain complete; stopping", metadata: ["worker": "\(name)"])
            stop.finish()
        }
    }

    /// A drain an earlier stop of this worker began ends at this start: the worker is ready again.
    private func undoStopDrain(id: UUID, state: WorkerRecord.State) async {
        guard FileManager.default.fileExists(atPath: marker.path) else { return }
        do {
            if state == .draining {
                _ = try await store.setWorkerDraining(named: name, false)
                membership.recordMember(id: id, state: .ready)
                logger.notice("ready again after the drain of the last stop", metadata: ["worker": "\(name)"])
            }
            try FileManager.default.removeItem(at: marker)
        } catch {
            logger.warning("cannot make this worker ready again after the last stop's drain", metadata: ["error": "\(error)"])
        }
    }
}
