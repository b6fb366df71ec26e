/// When an ``AppWorker`` was last used, and how many calls it is running. Time comes in as an
/// argument, so tests set it by hand.
struct WorkerActivity: Sendable {
    private(set) var lastUsed: ContinuousClock.Instant
    private(set) var running = 0

    init(now: ContinuousClock.Instant = .now) {
        lastUsed = now
    }

    mutating func begin(now: ContinuousClock.Instant = .now) {
        running += 1
        lastUsed = now
    }

    mutating func end(now: ContinuousClock.Instant = .now) {
        running -= 1
        lastUsed = now
    }

    func isIdle(for idle: Duration, now: ContinuousClock.Instant) -> Bool { running == 0 && now - lastUsed >= idle }
}
