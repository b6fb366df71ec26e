import Foundation
import HearthCore
import HearthStore
import Logging
import ServiceLifecycle

/// Fires timer-triggered functions of every app the worker serves.
///
/// One loop sleeps until the nearest occurrence (at most a second, so new deployments are picked
/// up), then claims each due occurrence in the store before running it: when several workers share
/// the store, exactly one of them runs each occurrence. With `useMonitor`, the last and next
/// occurrence are kept in the store; an occurrence missed while no worker ran fires once at start
/// with `IsPastDue: true`. `runOnStartup` fires once when the worker starts serving the function.
final class TimerService: Sendable {
    private struct Key: Hashable {
        var appID: UUID
        var deploymentID: UUID
        var function: String
        var expression: String
        var timeZone: String
    }

    private struct Timer {
        var app: LoadedApp
        var function: FunctionDefinition
        var trigger: TimerTriggerDefinition
    }

    let catalog: AppCatalog
    let invoker: Invoker
    let store: any WorkerStore
    let workerID: String
    let logger: Logger

    init(catalog: AppCatalog, invoker: Invoker, store: any WorkerStore, workerID: String, logger: Logger) {
        self.catalog = catalog
        self.invoker = invoker
        self.store = store
        self.workerID = workerID
        self.logger = logger
    }

    func run() async {
        await withDiscardingTaskGroup { group in
            var next: [Key: Date] = [:]
            // Wakes at least once a second, so graceful shutdown takes at most that long.
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                let timers = currentTimers()
                next = next.filter { timers[$0.key] != nil }
                let now = Date()
                for (key, timer) in timers {
                    if next[key] == nil {
                        let (first, immediate) = await firstOccurrence(timer, now: now)
                        next[key] = first
                        for (occurrence, pastDue, claim) in immediate {
                            group.addTask { await self.fire(timer, occurrence: occurrence, next: first, isPastDue: pastDue, claim: claim) }
                        }
                    }
                    guard let due = next[key], due <= now else { continue }
                    var following = timer.trigger.schedule.nextOccurrence(after: due, in: timer.app.timeZone)
                    if let f = following, f <= now {
                        // Far behind (the machine slept): skip to the next future occurrence.
                        following = timer.trigger.schedule.nextOccurrence(after: now, in: timer.app.timeZone)
                    }
                    next[key] = following
                    let pastDue = now.timeIntervalSince(due) > 1
                    group.addTask { await self.fire(timer, occurrence: due, next: following, isPastDue: pastDue, claim: true) }
                }
                let wake = next.values.min().map { min($0.timeIntervalSinceNow, 1) } ?? 1
                try? await Task.sleep(for: .milliseconds(Int(max(wake, 0.005) * 1000)))
            }
        }
    }

    private func currentTimers() -> [Key: Timer] {
        var timers: [Key: Timer] = [:]
        for app in catalog.snapshot.apps.values {
            for function in app.model.functions where !function.disabled {
                guard case .timer(let trigger) = function.trigger else { continue }
                let key = Key(
                    appID: app.record.id, deploymentID: app.deployment.id, function: function.name, expression: trigger.expression,
                    timeZone: app.timeZone.identifier)
                timers[key] = Timer(app: app, function: function, trigger: trigger)
            }
        }
        return timers
    }

    /// The first occurrence to wait for, and what must fire at once: `runOnStartup` (not claimed:
    /// it runs on each worker that starts, as on each Azure host instance) and an occurrence missed
    /// while no worker ran (claimed, with `IsPastDue`).
    private func firstOccurrence(_ timer: Timer, now: Date) async -> (Date?, [(Date, Bool, Bool)]) {
        let upcoming = timer.trigger.schedule.nextOccurrence(after: now, in: timer.app.timeZone)
        var immediate: [(Date, Bool, Bool)] = []
        if timer.trigger.runOnStartup { immediate.append((now, false, false)) }
        if timer.trigger.useMonitor,
            let status = try? await store.timerStatus(appID: timer.app.record.id, functionName: timer.function.name),
            status.next < now.addingTimeInterval(-1)
        {
            immediate.append((status.next, true, true))
        }
        return (upcoming, immediate)
    }

    private func fire(_ timer: Timer, occurrence: Date, next: Date?, isPastDue: Bool, claim: Bool) async {
        if claim {
            do {
                guard try await store.claimTimerOccurrence(appID: timer.app.record.id, functionName: timer.function.name, occurrence: occurrence, owner: workerID) else {
                    return  // another worker runs this occurrence
                }
            } catch {
                logger.error("cannot claim a timer occurrence", metadata: ["app": "\(timer.app.record.name)", "function": "\(timer.function.name)", "error": "\(error)"])
                return
            }
        }
        await run(timer, occurrence: occurrence, next: next, isPastDue: isPastDue)
    }

    private func run(_ timer: Timer, occurrence: Date, next: Date?, isPastDue: Bool) async {
        var status: TimerStatus?
        if timer.trigger.useMonitor {
            let updated = TimerStatus(last: occurrence, next: next ?? occurrence, lastUpdated: Date())
            try? await store.setTimerStatus(appID: timer.app.record.id, functionName: timer.function.name, updated)
            status = updated
        }
        await invoker.invokeTimer(app: timer.app, function: timer.function, bindingName: timer.trigger.bindingName, status: status, isPastDue: isPastDue)
    }
}
