public import Foundation
public import HearthCore

/// The load samples scale-out and scale-in are judged on, kept in the placer's memory: one per
/// app per round, from the workers' last heartbeats (their in-flight invocations by app), the
/// messages waiting in a queue-triggered app's queues (``PlacerQueues``) and the app's instance
/// count then. Samples older than the longer scale window (and a margin) are
/// dropped, so each app holds about 150 at most. A placer that takes over starts empty, so its
/// first scale step comes a window later.
package struct PlacerLoadHistory: Sendable {
    package private(set) var samples: [UUID: [FleetLoadSample]] = [:]
    /// How long samples are kept.
    package let keep: TimeInterval

    package init(policy: PlacementPolicy) {
        keep = max(PlacerService.seconds(policy.scaleOutWindow), PlacerService.seconds(policy.scaleInWindow)) + 10
    }

    /// Adds a sample at `date` for each of `appIDs`: the in-flight invocations the non-revoked
    /// `workers` report for it, with the number of workers it is placed on in `placements` (by
    /// worker id), and its `queueDepths` (0 when missing). Apps not in `appIDs` are forgotten.
    package mutating func record(
        appIDs: [UUID],
        workers: [WorkerRecord],
        placements: [UUID: [AppPlacement]],
        queueDepths: [UUID: Int] = [:],
        at date: Date
    ) {
        var inFlight: [UUID: Int] = [:]
        for worker in workers where worker.state != .revoked {
            for (appID, count) in worker.load.inFlightByApp { inFlight[appID, default: 0] += max(count, 0) }
        }
        var instances: [UUID: Int] = [:]
        for rows in placements.values {
            for row in rows { instances[row.appID, default: 0] += 1 }
        }
        let oldest = date.addingTimeInterval(-keep)
        var next: [UUID: [FleetLoadSample]] = [:]
        for appID in appIDs {
            var kept = (samples[appID] ?? []).filter { $0.at >= oldest && $0.at < date }
            kept.append(
                FleetLoadSample(at: date, inFlight: inFlight[appID] ?? 0, queueDepth: queueDepths[appID] ?? 0, instances: instances[appID] ?? 0)
            )
            next[appID] = kept
        }
        samples = next
    }
}
