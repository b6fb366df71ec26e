public import Foundation

/// Decides, for one management instance, when to ask the store for the placer lease and whether
/// to act as the placer, so that one instance places at a time and another takes over soon after
/// it dies.
///
/// A value state machine: the owner feeds it events (a tick about every second, the result of each
/// lease call) with the time, and performs the action it returns; it does no I/O and reads no
/// clock. The lease call is the store's acquire-or-renew (`LeaseStore.acquireLease(name:owner:duration:)`,
/// `sp_getapplock`-backed on SQL Server), which both takes a free or expired lease and extends one
/// the caller holds.
///
/// With the defaults (lease 10 s, renewed every 3 s, retried every 3 s by the others, placing
/// stopped 2 s before the lease could lapse): the holder renews about three times per lease; if it
/// dies, its lease lapses at most 10 s after its last renewal and another instance's next try,
/// at most 3 s (and a tick) later, takes it, well within 15 s. A holder whose renewals fail
/// stops placing 2 s before its lease could lapse, so two placers never act at once. Call
/// ``tick(now:)`` again right before acting on a plan: a process that was paused stops there.
///
/// ```swift
/// var lease = PlacerLease()
/// if lease.tick(now: .now) == .acquire {
///     let acquired = try await store.acquireLease(name: "placer", owner: me, duration: lease.configuration.duration)
///     if lease.leaseResult(acquired: acquired, now: .now) == .startPlacing { /* start the placer */ }
/// }
/// ```
public struct PlacerLease: Sendable, Hashable {
    public struct Configuration: Sendable, Hashable {
        /// How long one acquisition holds the lease in the store.
        public var duration: Duration = .seconds(10)
        /// How often the holder renews it.
        public var renewEvery: Duration = .seconds(3)
        /// How often an instance that does not hold it tries to take it.
        public var retryEvery: Duration = .seconds(3)
        /// How long before its lease could lapse the holder stops placing when renewals fail
        /// (covers the store's clock being ahead of this one).
        public var margin: Duration = .seconds(2)

        public init() {}
    }

    /// What the owner does next.
    public enum Action: Sendable, Hashable {
        /// Nothing.
        case none
        /// Call the store's acquire-or-renew, then report with ``leaseResult(acquired:now:)`` or
        /// ``leaseFailed(now:)``.
        case acquire
        /// This instance now holds the lease: start placing.
        case startPlacing
        /// This instance no longer holds the lease (or cannot be sure it does): stop placing.
        case stopPlacing
        /// Shutting down: stop placing if it was, and give the lease back.
        case release
    }

    public let configuration: Configuration
    /// Whether this instance acts as the placer.
    public private(set) var isPlacing = false
    /// Until when the lease is surely this instance's (its last successful call's start plus the
    /// duration, less the margin).
    public private(set) var heldUntil: Date?
    /// When the lease call now outstanding was started; `nil` when none is.
    public private(set) var callStartedAt: Date?
    private var nextCall: Date?
    private var stopped = false

    public init(configuration: Configuration = Configuration()) {
        precondition(
            configuration.renewEvery + configuration.margin < configuration.duration,
            "the lease must be renewed before the margin before it lapses"
        )
        self.configuration = configuration
    }

    /// Time passed: stops placing once the lease may have lapsed, and starts a lease call when one
    /// is due (at once on the first tick; none while another is outstanding).
    public mutating func tick(now: Date) -> Action {
        guard !stopped else { return .none }
        if isPlacing, let heldUntil, now >= heldUntil {
            isPlacing = false
            self.heldUntil = nil
            return .stopPlacing
        }
        guard callStartedAt == nil, now >= nextCall ?? .distantPast else { return .none }
        callStartedAt = now
        return .acquire
    }

    /// The store answered the lease call: `acquired` is whether this instance holds the lease now.
    public mutating func leaseResult(acquired: Bool, now: Date) -> Action {
        let started = callStartedAt ?? now
        callStartedAt = nil
        guard !stopped else { return .none }
        if acquired {
            heldUntil = started.addingTimeInterval((configuration.duration - configuration.margin).timeInterval)
            nextCall = started.addingTimeInterval(configuration.renewEvery.timeInterval)
            if heldUntil.map({ now >= $0 }) ?? true {
                // The answer came too late to be sure of the lease: treat it as not held.
                return stopIfPlacing()
            }
            guard !isPlacing else { return .none }
            isPlacing = true
            return .startPlacing
        }
        nextCall = now.addingTimeInterval(configuration.retryEvery.timeInterval)
        return stopIfPlacing()
    }

    /// The lease call failed (store unreachable, timeout): the lease is neither confirmed nor lost.
    /// A holder keeps placing until ``heldUntil`` and tries again after ``Configuration/renewEvery``.
    public mutating func leaseFailed(now: Date) -> Action {
        callStartedAt = nil
        guard !stopped else { return .none }
        nextCall = now.addingTimeInterval((isPlacing ? configuration.renewEvery : configuration.retryEvery).timeInterval)
        return .none
    }

    /// The instance is shutting down: no more lease calls; give the lease back.
    public mutating func shutdown() -> Action {
        guard !stopped else { return .none }
        stopped = true
        isPlacing = false
        heldUntil = nil
        return .release
    }

    private mutating func stopIfPlacing() -> Action {
        heldUntil = nil
        guard isPlacing else { return .none }
        isPlacing = false
        return .stopPlacing
    }
}
