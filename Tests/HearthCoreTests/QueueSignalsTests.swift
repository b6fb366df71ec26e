import HearthCore
import Testing

/// The in-process signal by which a put wakes the queue trigger.
@Suite struct QueueSignalsTests {
    @Test(.timeLimit(.minutes(1)))
    func aPokeWakesEveryWaiter() async {
        let signals = QueueSignals()
        let seen = signals.generation
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await signals.wait(after: seen) }
            group.addTask { await signals.wait(after: seen) }
            signals.poke()
            await group.waitForAll()
        }
        #expect(signals.generation != seen)
    }

    @Test(.timeLimit(.minutes(1)))
    func aPokeBeforeTheWaitIsNotMissed() async {
        let signals = QueueSignals()
        let seen = signals.generation
        signals.poke()
        await signals.wait(after: seen)  // returns at once: the generation moved
    }

    @Test(.timeLimit(.minutes(1)))
    func cancellingAWaiterEndsItsWait() async {
        let signals = QueueSignals()
        let task = Task { await signals.wait(after: signals.generation) }
        task.cancel()
        await task.value
    }
}
