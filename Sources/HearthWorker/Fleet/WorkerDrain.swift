import Foundation
import HearthCore

/// This worker's drain, as a value: what it learns (the store set it draining or ready, a
/// graceful stop — SIGTERM — began, how many apps are still placed on it and how many other ready
/// workers could take them, how many calls are in flight, the time) and what to do about it. The
/// ``WorkerDrainService`` performs the actions; tests drive it with events alone.
///
/// A drain never turns a request into an error:
/// 1. While apps are still placed on the worker (the placer has not moved them yet) it serves as
///    before, for at most ``Configuration/timeout``.
/// 2. Then it stops taking work: `/_hearth/health` answers 503, so load balancers take it out;
///    timers and queue polling stop; requests that still reach it are served.
/// 3. When stopping, it waits ``Configuration/linger`` for the load balancers' health checks to
///    notice, and for its in-flight calls to end (at most ``Configuration/timeout`` more; the
///    front finishes what is left when it stops), then lets the process stop.
///
/// With no other ready worker there is nowhere to move apps to and no one to take the traffic, so
/// a stop does not wait (single-process `hearth serve` stops as promptly as before).
struct WorkerDrain: Sendable, Equatable {
    struct Configuration: Sendable, Equatable {
        /// How long a drain waits for the placer to move the worker's apps.
        var timeout: TimeInterval = 30
        /// How long a stopping worker keeps serving after its health check answers 503.
        var linger: TimeInterval = 8

        /// The longest a stop can wait before the front begins its own graceful shutdown.
        var longestStop: TimeInterval { 2 * timeout + linger }
    }

    enum Phase: Sendable, Equatable {
        /// Takes work.
        case serving
        /// Draining: serving while apps are still placed here, until `deadline`.
        case moving(deadline: Date)
        /// Takes no new work since `since` (health 503); serves what reaches it.
        case drained(since: Date)
        /// Stopping and drained: the process may stop.
        case finished
    }

    enum Action: Sendable, Equatable {
        /// Record the worker as draining in the store (a stop began while it was ready).
        case markDraining
        /// Answer the health check with 503 and stop timers and queue polling.
        case stopTakingWork
        /// Take work again: health 200, timers and queue polling resume.
        case resumeWork
        /// The drain is complete: let the front finish its in-flight calls and the process stop.
        case finish
    }

    let configuration: Configuration
    private(set) var phase = Phase.serving
    /// A graceful stop began (it cannot be undone).
    private(set) var stopping = false
    /// The stop marked the worker draining itself (the store said ready), so a restart undoes it.
    private(set) var markedByStop = false
    private var placements: Int?
    private var otherReadyWorkers: Int?
    private var inFlight = 0

    init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Whether the worker should read its placements (and the fleet) for the next events.
    var isDraining: Bool {
        switch phase {
        case .moving, .drained: true
        case .serving, .finished: false
        }
    }

    /// The store's state for this worker, read from a heartbeat's answer.
    mutating func storeState(_ state: WorkerRecord.State, at now: Date) -> [Action] {
        switch (state, phase) {
        case (.draining, .serving):
            placements = nil  // counted afresh for this drain
            phase = .moving(deadline: now.addingTimeInterval(configuration.timeout))
            return evaluate(at: now)
        case (.ready, .moving) where !stopping:
            phase = .serving
            return []
        case (.ready, .drained) where !stopping:
            phase = .serving
            return [.resumeWork]
        default:
            return evaluate(at: now)
        }
    }

    /// A graceful stop (SIGTERM) began.
    mutating func stopRequested(at now: Date) -> [Action] {
        guard !stopping else { return [] }
        stopping = true
        guard case .serving = phase else { return evaluate(at: now) }
        markedByStop = true
        placements = nil
        phase = .moving(deadline: now.addingTimeInterval(configuration.timeout))
        return [.markDraining] + evaluate(at: now)
    }

    /// The apps still placed on this worker, and the other workers that are ready to take them.
    mutating func placements(_ count: Int, otherReadyWorkers others: Int, at now: Date) -> [Action] {
        placements = count
        otherReadyWorkers = others
        return evaluate(at: now)
    }

    /// The calls this worker runs now.
    mutating func inFlight(_ count: Int, at now: Date) -> [Action] {
        inFlight = count
        return evaluate(at: now)
    }

    /// Time passed.
    mutating func tick(at now: Date) -> [Action] { evaluate(at: now) }

    private var nowhereElse: Bool { otherReadyWorkers == 0 }

    private mutating func evaluate(at now: Date) -> [Action] {
        switch phase {
        case .serving, .finished:
            return []
        case .moving(let deadline):
            guard placements == 0 || now >= deadline || (stopping && nowhereElse) else { return [] }
            phase = .drained(since: now)
            return [.stopTakingWork] + evaluate(at: now)
        case .drained(let since):
            guard stopping else { return [] }
            let lingered = nowhereElse || now >= since.addingTimeInterval(configuration.linger)
            let callsDone = inFlight == 0 || now >= since.addingTimeInterval(configuration.linger + configuration.timeout)
            guard lingered && callsDone else { return [] }
            phase = .finished
            return [.finish]
        }
    }
}
