import AsyncAlgorithms
import ServiceLifecycle

/// Runs a chore now and then every `interval` until graceful shutdown (the retention services' loop).
enum PeriodicRun {
    static func run(every interval: Duration, _ chore: () async -> Void) async throws {
        await chore()
        for try await _ in AsyncTimerSequence(interval: interval, clock: .continuous).cancelOnGracefulShutdown() {
            await chore()
        }
    }
}
