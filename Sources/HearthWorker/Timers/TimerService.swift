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
    /// The queue trigger, run alongside the timers in this service (both are trigger listeners
    /// that start and stop at the same point of the worker's life).
    let queues: QueueTriggerService?

    init(
        catalog: AppCatalog,
        invoker: Invoker,
        store: any WorkerStore,
        workerID: String,
        logger: Logger,
        queues: QueueTriggerService? = nil
    ) {
        self.catalog = catalog
        self.invoker = invoker
        self.store = store
        self.workerID = workerID
        self.logger = logger
        self.queues = queues
    }

    func run() async {
        await withDiscardingTaskGroup { group in
            if let queues { group.addTask { await queues.run() } }
            group.addTask { await self.runTimers() }
        }
    }

    private func runTimers() async {
        await withDiscardingTaskGroup { group in
            var machine = StateMachine<Key>()
            // Wakes at least once a second, so graceful shutdown takes at most that long.
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                let timers = currentTimers()
                let now = Date()
                for key in machine.update(keys: timers.keys) {
                    guard let timer = timers[key] else { continue }
                    let status = timer.trigger.useMonitor ? await monitorStatus(timer) : nil
                    let immediate = machine.start(key, trigger: timer.trigger, timeZone: timer.app.timeZone, monitor: status, now: now)
                    for firing in immediate { group.addTask { await self.fire(timer, firing) } }
                }
                for (key, timer) in timers {
                    guard let firing = machine.due(key, trigger: timer.trigger, timeZone: timer.app.timeZone, now: now) else { continue }
                    group.addTask { await self.fire(timer, firing) }
                }
                try? await Task.sleep(for: machine.wait(now: Date()))
            }
        }
    }

    private func currentTimers() -> [Key: Timer] {
        // A drained worker takes no new work (FleetMembership.isDrained); its runs in flight end.
        guard !catalog.membership.isDrained else { return [:] }
        var timers: [Key: Timer] = [:]
        // Apps placed only on other workers are timed there (the claim is fleet-wide anyway).
        let routing = catalog.routing
        for app in catalog.snapshot.apps.values where routing.isLocal(appID: app.record.id) {
            for function in app.model.functions where !function.disabled {
                guard case .timer(let trigger) = function.trigger else { continue }
                let key = Key(
                    appID: app.record.id,
                    deploymentID: app.deployment.id,
                    function: function.name,
                    expression: trigger.expression,
                    timeZone: app.timeZone.identifier
                )
                timers[key] = Timer(app: app, function: function, trigger: trigger)
            }
        }
        return timers
    }

    /// The schedule status the store keeps, for an occurrence missed while no worker ran.
    private func monitorStatus(_ timer: Timer) async -> TimerStatus? {
        try? await store.timerStatus(appID: timer.app.record.id, functionName: timer.function.name)
    }

    private func fire(_ timer: Timer, _ firing: StateMachine<Key>.Firing) async {
        if firing.claim {
            let claimed: Result<Bool, any Error>
            do {
                claimed = .success(
                    try await store.claimTimerOccurrence(
                        appID: timer.app.record.id,
                        functionName: timer.function.name,
                        occurrence: firing.occurrence,
                        owner: workerID
                    )
                )
            } catch {
                claimed = .failure(error)
            }
            switch StateMachine<Key>.afterClaim(claimed) {
            case .run:
                break
            case .skip:
                return  // another worker runs this occurrence
            case .skipAndLog:
                guard case .failure(let error) = claimed else { return }
                logger.error(
                    "cannot claim a timer occurrence",
                    metadata: ["app": "\(timer.app.record.name)", "function": "\(timer.function.name)", "error": "\(error)"]
                )
                return
            }
        }
        await run(timer, firing)
    }

    private func run(_ timer: Timer, _ firing: StateMachine<Key>.Firing) async {
        let status = firing.status(useMonitor: timer.trigger.useMonitor, now: Date())
        if let status {
            try? await store.setTimerStatus(appID: timer.app.record.id, functionName: timer.function.name, status)
        }
        await invoker.invokeTimer(
            app: timer.app,
            function: timer.function,
            bindingName: timer.trigger.bindingName,
            status: status,
            isPastDue: firing.isPastDue
        )
    }
}
