import HearthCore
import Testing

@Suite struct BackoffTests {
    /// A seeded SplitMix64: the same numbers on every run.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func doublesFromTheInitialDelayUpToTheCap() {
        let backoff = Backoff(initial: .milliseconds(500), maximum: .seconds(30))
        let delays = (1...9).map { backoff.delay(afterFailures: $0) }
        #expect(
            delays == [
                .milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(16),
                .seconds(30), .seconds(30), .seconds(30),
            ]
        )
    }

    @Test func nothingFailedMeansNoDelay() {
        let backoff = Backoff(initial: .milliseconds(500), maximum: .seconds(30))
        #expect(backoff.delay(afterFailures: 0) == .zero)
        #expect(backoff.delay(afterFailures: -3) == .zero)
    }

    @Test func aHugeFailureCountStaysAtTheCap() {
        let backoff = Backoff(initial: .nanoseconds(1), maximum: .seconds(3600))
        #expect(backoff.delay(afterFailures: .max) == .seconds(3600))
    }

    @Test func aCapBelowTheInitialDelayWins() {
        #expect(Backoff(initial: .seconds(2), maximum: .seconds(1)).delay(afterFailures: 1) == .seconds(1))
        #expect(Backoff(initial: .milliseconds(500), maximum: .zero).delay(afterFailures: 4) == .zero)
    }

    @Test func aCapBetweenTwoDoublingsIsReachedExactly() {
        let backoff = Backoff(initial: .milliseconds(300), maximum: .seconds(1))
        #expect((1...4).map { backoff.delay(afterFailures: $0) } == [.milliseconds(300), .milliseconds(600), .seconds(1), .seconds(1)])
    }

    @Test func jitterAddsAtMostItsBound() {
        let backoff = Backoff(initial: .milliseconds(50), maximum: .milliseconds(200), jitter: .milliseconds(25))
        var generator = SeededGenerator(state: 12)
        let delays = (0..<200).map { _ in backoff.delay(afterFailures: 2, using: &generator) }
        #expect(delays.allSatisfy { $0 >= .milliseconds(100) && $0 <= .milliseconds(125) })
        #expect(Set(delays).count > 100, "the jitter varies")
    }

    @Test func withoutJitterTheRandomSourceIsNotUsed() {
        let backoff = Backoff(initial: .milliseconds(50), maximum: .milliseconds(200))
        var generator = SeededGenerator(state: 7)
        #expect(backoff.delay(afterFailures: 3, using: &generator) == .milliseconds(200))
        #expect(generator.state == 7)
    }

    @Test func aRetryPolicyAllowsItsRetriesThenStops() {
        let policy = RetryPolicy(maxRetries: 3, backoff: Backoff(initial: .milliseconds(50), maximum: .milliseconds(200)))
        #expect((0...4).map { policy.allowsRetry(afterRetries: $0) } == [true, true, true, false, false])
        var generator = SeededGenerator(state: 1)
        let delays = (1...3).map { policy.delay(beforeRetry: $0, using: &generator) }
        #expect(delays == [.milliseconds(50), .milliseconds(100), .milliseconds(200)])
        #expect(!RetryPolicy(maxRetries: 0, backoff: policy.backoff).allowsRetry(afterRetries: 0))
    }
}
