/// When an ``AppWorker`` was last used, and how many calls it is running.
struct WorkerActivity: Sendable {
    private(set) var lastUsed = ContinuousClock.now
    private(set) var running = 0

    mutating func begin() {
        running += 1
        lastUsed = .now
    }

    mutating func end() {
        running -= 1
        lastUsed = .now
    }

    func isIdle(for idle: Duration) -> Bool { running == 0 && ContinuousClock.now - lastUsed >= idle }
}
