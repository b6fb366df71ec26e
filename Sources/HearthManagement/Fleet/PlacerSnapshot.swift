public import Foundation
public import HearthCore

/// What the placer read from the store in one round, turned into the ``FleetSnapshot`` that
/// ``Placement/plan(_:now:policy:)`` takes: a pure function of store values, tested without a store.
///
/// - Workers: every registered worker with its ``WorkerStatus`` at `now` (`down` after the
///   liveness window), its capacity and labels; revoked ones too (their apps then move).
/// - Apps: every app serving a deployment, with ``FleetAppSettings`` from its settings (a bad
///   value is ignored and reported in ``problems``), its placement (worker names) and load.
///   An app that serves no deployment yet (never deployed, or no deployment succeeded) is not
///   placed: it is left out, and its placement rows, if any, stay as they are.
/// - Queue triggers (``PlacerQueues``): an app with a resolved queue trigger is
///   ``FleetApp/queueTriggered`` (its depth is in its load samples, ``PlacerLoadHistory``); a
///   trigger that cannot be resolved is reported in ``problems``.
package struct PlacerSnapshot: Sendable {
    /// One app's settings problem: the app's name and the sentence naming the setting.
    package struct Problem: Sendable, Hashable {
        package var app: String
        package var message: String
        /// What follows from it, as the log says it after the message.
        package var consequence = "its default applies"
    }

    package var snapshot: FleetSnapshot
    /// Worker ids by name, for writing placements back.
    package var workerIDs: [String: UUID]
    /// Apps by the id the snapshot uses (their UUID's string).
    package var apps: [String: AppRecord]
    package var problems: [Problem]

    /// - Parameters:
    ///   - workers: ``FleetStore/workers()``.
    ///   - apps: Every app.
    ///   - settings: Each app's settings, by app id (apps without settings may be missing).
    ///   - placements: Each worker's placements, by worker id.
    ///   - load: Recent load samples by app id (none by default).
    ///   - queues: The queue-triggered apps (none by default).
    ///   - now: The time worker states are judged at.
    ///   - liveness: When a silent worker is `down`.
    package init(
        workers: [WorkerRecord],
        apps: [AppRecord],
        settings: [UUID: [AppSetting]],
        placements: [UUID: [AppPlacement]],
        load: [UUID: [FleetLoadSample]] = [:],
        queues: PlacerQueues = PlacerQueues(),
        now: Date,
        liveness: WorkerStatus.Liveness
    ) {
        var names: [UUID: String] = [:]
        var workerIDs: [String: UUID] = [:]
        var fleetWorkers: [FleetWorker] = []
        for record in workers {
            names[record.id] = record.name
            workerIDs[record.name] = record.id
            fleetWorkers.append(
                FleetWorker(
                    name: record.name,
                    capacityMB: max(record.registration.capacityMB, 0),
                    labels: record.registration.labels,
                    state: WorkerStatus.of(record, at: now, liveness: liveness)
                )
            )
        }
        var placedOn: [UUID: [String]] = [:]
        for (workerID, rows) in placements {
            guard let name = names[workerID] else { continue }
            for row in rows { placedOn[row.appID, default: []].append(name) }
        }
        var fleetApps: [FleetApp] = []
        var byID: [String: AppRecord] = [:]
        var problems: [Problem] = []
        for app in apps.sorted(by: { $0.id.uuidString < $1.id.uuidString }) where app.activeDeploymentID != nil {
            var values: [String: String] = [:]
            for setting in settings[app.id] ?? [] { values[setting.name] = setting.value }
            let parsed = FleetAppSettings(values)
            problems += parsed.problems.map { Problem(app: app.name, message: $0) }
            problems += (queues.problems[app.id] ?? []).map {
                Problem(app: app.name, message: $0, consequence: "its queue triggers do not wake the app")
            }
            let id = app.id.uuidString
            byID[id] = app
            fleetApps.append(
                parsed.fleetApp(
                    id: id,
                    queueTriggered: queues.isQueueTriggered(app.id),
                    placement: (placedOn[app.id] ?? []).sorted(),
                    load: load[app.id] ?? []
                )
            )
        }
        self.snapshot = FleetSnapshot(workers: fleetWorkers, apps: fleetApps)
        self.workerIDs = workerIDs
        self.apps = byID
        self.problems = problems
    }

    /// Each app's new set of worker ids once `plan` is carried out, for the apps it moves.
    package func placements(after plan: PlacementPlan) -> [UUID: Set<UUID>] {
        let moved = Set(plan.moves.map(\.appID))
        var result: [UUID: Set<UUID>] = [:]
        for app in snapshot.applying(plan).apps where moved.contains(app.id) {
            guard let record = apps[app.id] else { continue }
            result[record.id] = Set(app.placement.compactMap { workerIDs[$0] })
        }
        return result
    }
}
