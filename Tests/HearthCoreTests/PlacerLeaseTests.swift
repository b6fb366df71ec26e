import Foundation
import HearthCore
import Testing

/// The placer lease's decisions, driven with an injected clock and a simulated store lease.
@Suite struct PlacerLeaseTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// The store's acquire-or-renew on one named lease, as `acquireLease(name:owner:duration:)` does it.
    struct StoreLease {
        var owner: String?
        var expiresAt = Date.distantPast

        mutating func acquire(_ who: String, now: Date, duration: TimeInterval) -> Bool {
            guard owner == who || expiresAt < now else { return false }
            owner = who
            expiresAt = now.addingTimeInterval(duration)
            return true
        }
    }

    /// A management instance: its lease decisions and whether it is alive.
    struct Instance {
        let name: String
        var lease = PlacerLease()
        var alive = true
        var placingSince: Date?
    }

    /// Ticks every instance once a second from `from` for `seconds`, answering lease calls at
    /// once; returns the moments at which two instances placed at the same time (none expected).
    static func run(_ instances: inout [Instance], store: inout StoreLease, from: Date, seconds: Int) -> [Date] {
        var overlaps: [Date] = []
        for second in 0..<seconds {
            let now = from.addingTimeInterval(TimeInterval(second))
            for index in instances.indices where instances[index].alive {
                if instances[index].lease.tick(now: now) == .acquire {
                    let acquired = store.acquire(instances[index].name, now: now, duration: 10)
                    _ = instances[index].lease.leaseResult(acquired: acquired, now: now)
                }
                let placing = instances[index].lease.isPlacing
                if placing, instances[index].placingSince == nil { instances[index].placingSince = now }
                if !placing { instances[index].placingSince = nil }
            }
            if instances.filter({ $0.alive && $0.lease.isPlacing }).count > 1 { overlaps.append(now) }
        }
        return overlaps
    }

    @Test func theFirstTickAsksForTheLeaseAndAGrantStartsPlacing() {
        var lease = PlacerLease()
        #expect(lease.tick(now: Self.start) == .acquire)
        #expect(lease.tick(now: Self.start.addingTimeInterval(1)) == .none, "one call at a time")
        #expect(lease.leaseResult(acquired: true, now: Self.start.addingTimeInterval(1)) == .startPlacing)
        #expect(lease.isPlacing)
        #expect(lease.heldUntil == Self.start.addingTimeInterval(8))
    }

    @Test func theHolderRenewsEveryThreeSeconds() {
        var lease = PlacerLease()
        _ = lease.tick(now: Self.start)
        _ = lease.leaseResult(acquired: true, now: Self.start)
        var calls: [TimeInterval] = []
        for second in 1...12 {
            let now = Self.start.addingTimeInterval(TimeInterval(second))
            if lease.tick(now: now) == .acquire {
                calls.append(TimeInterval(second))
                #expect(lease.leaseResult(acquired: true, now: now) == .none, "still placing: nothing to start")
            }
        }
        #expect(calls == [3, 6, 9, 12])
        #expect(lease.isPlacing)
    }

    @Test func anotherHolderMeansRetryingLater() {
        var lease = PlacerLease()
        _ = lease.tick(now: Self.start)
        #expect(lease.leaseResult(acquired: false, now: Self.start) == .none)
        #expect(!lease.isPlacing)
        #expect(lease.tick(now: Self.start.addingTimeInterval(2)) == .none)
        #expect(lease.tick(now: Self.start.addingTimeInterval(3)) == .acquire)
    }

    @Test func losingTheLeaseStopsPlacing() {
        var lease = PlacerLease()
        _ = lease.tick(now: Self.start)
        _ = lease.leaseResult(acquired: true, now: Self.start)
        _ = lease.tick(now: Self.start.addingTimeInterval(3))
        #expect(lease.leaseResult(acquired: false, now: Self.start.addingTimeInterval(3)) == .stopPlacing)
        #expect(!lease.isPlacing)
    }

    @Test func failingRenewalsStopPlacingBeforeTheLeaseCanLapse() {
        var lease = PlacerLease()
        _ = lease.tick(now: Self.start)
        _ = lease.leaseResult(acquired: true, now: Self.start)
        var stoppedAt: TimeInterval?
        for second in 1...12 {
            let now = Self.start.addingTimeInterval(TimeInterval(second))
            switch lease.tick(now: now) {
            case .acquire: #expect(lease.leaseFailed(now: now) == .none)
            case .stopPlacing: stoppedAt = TimeInterval(second)
            default: break
            }
        }
        // Granted at 0 for 10 s: another instance can take it after 10 s; this one stopped at 8.
        #expect(stoppedAt == 8)
    }

    @Test func aGrantThatArrivesTooLateDoesNotStartPlacing() {
        var lease = PlacerLease()
        _ = lease.tick(now: Self.start)
        #expect(lease.leaseResult(acquired: true, now: Self.start.addingTimeInterval(9)) == .none)
        #expect(!lease.isPlacing)
    }

    @Test func shutdownReleasesOnce() {
        var lease = PlacerLease()
        _ = lease.tick(now: Self.start)
        _ = lease.leaseResult(acquired: true, now: Self.start)
        #expect(lease.shutdown() == .release)
        #expect(!lease.isPlacing)
        #expect(lease.shutdown() == .none)
        #expect(lease.tick(now: Self.start.addingTimeInterval(5)) == .none)
    }

    @Test(arguments: 0..<10)
    func theOtherInstanceTakesOverWithinFifteenSecondsOfTheFirstDying(offset: Int) throws {
        var store = StoreLease()
        var instances = [Instance(name: "m1"), Instance(name: "m2")]
        #expect(Self.run(&instances, store: &store, from: Self.start, seconds: 30) == [])
        let placer = try #require(instances.firstIndex { $0.lease.isPlacing })
        #expect(instances.filter { $0.lease.isPlacing }.count == 1)

        // Kill the placer at a different point of its renewal cycle in each case.
        let later = Self.start.addingTimeInterval(30)
        #expect(Self.run(&instances, store: &store, from: later, seconds: offset) == [])
        let died = later.addingTimeInterval(TimeInterval(offset))
        instances[placer].alive = false
        #expect(Self.run(&instances, store: &store, from: died, seconds: 20) == [])
        let other = instances[1 - placer]
        let since = try #require(other.placingSince, "the survivor took over")
        #expect(since.timeIntervalSince(died) <= 15, "took over \(since.timeIntervalSince(died)) s after the placer died")
    }
}
