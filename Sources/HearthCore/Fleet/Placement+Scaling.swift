import Foundation

extension Placement {
    /// How many instances an app should have, and the reason when that differs from `current`.
    struct InstanceTarget: Equatable {
        var count: Int
        var reason: PlacementMove.Reason?
    }

    /// The instance count for `app`, which had `current` instances (counting those on workers that
    /// stopped receiving apps, which are replaced).
    ///
    /// - Never below `HEARTH_INSTANCES`, nor below 1 while a queue-triggered app has messages waiting.
    /// - Never above the maximum (`HEARTH_MAX_INSTANCES`, at least `HEARTH_INSTANCES`).
    /// - One more when the demand per instance stayed above the app's target for the scale-out
    ///   window; one fewer when one instance fewer would have stayed at or below the target for
    ///   the scale-in window. Only samples taken with `current` instances count, so a window starts
    ///   anew after every step and a re-run on the result changes nothing.
    static func instanceTarget(for app: FleetApp, current: Int, now: Date, policy: PlacementPolicy) -> InstanceTarget {
        let maximum = max(app.desiredInstances, app.maxInstances ?? policy.defaultMaxInstances, 0)
        let waking = app.queueTriggered && (latestSample(app.load, now: now)?.queueDepth ?? 0) > 0
        let floor = min(max(app.desiredInstances, waking ? 1 : 0, 0), maximum)
        if current < floor {
            return InstanceTarget(count: floor, reason: current == 0 && app.desiredInstances < 1 ? .queueDepth : .belowDesired)
        }
        if current > maximum { return InstanceTarget(count: maximum, reason: .aboveMaximum) }
        let target = max(app.perInstanceTarget, 1)
        if current < maximum,
            stayed(app.load, for: policy.scaleOutWindow, now: now, instances: current, where: { $0.demand > target * current })
        {
            return InstanceTarget(count: current + 1, reason: .scaleOut)
        }
        if current > floor,
            stayed(app.load, for: policy.scaleInWindow, now: now, instances: current, where: { $0.demand <= target * (current - 1) })
        {
            return InstanceTarget(count: current - 1, reason: .scaleIn)
        }
        return InstanceTarget(count: current, reason: nil)
    }

    /// The newest sample taken at or before `now`.
    static func latestSample(_ samples: [FleetLoadSample], now: Date) -> FleetLoadSample? {
        var latest: FleetLoadSample?
        for sample in samples where sample.at <= now && sample.at >= (latest?.at ?? .distantPast) { latest = sample }
        return latest
    }

    /// Whether the load held `condition` over the whole of `[now - window, now]`, reading the
    /// load at a moment as the newest sample taken at or before it: a sample at or before the
    /// window's start is needed, and it and every later one up to `now` must hold, with
    /// `instances` instances.
    static func stayed(
        _ samples: [FleetLoadSample],
        for window: Duration,
        now: Date,
        instances: Int,
        where condition: (FleetLoadSample) -> Bool
    ) -> Bool {
        let start = now.addingTimeInterval(-window.timeInterval)
        var anchor: FleetLoadSample?
        for sample in samples where sample.at <= now {
            if sample.at <= start {
                if sample.at >= (anchor?.at ?? .distantPast) { anchor = sample }
            } else if sample.instances != instances || !condition(sample) {
                return false
            }
        }
        guard let anchor else { return false }
        return anchor.instances == instances && condition(anchor)
    }
}
