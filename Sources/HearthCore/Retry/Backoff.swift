/// A delay that doubles with each consecutive failure, up to a cap, plus optional random jitter.
///
/// The delay after the first failure is ``initial``; each further failure doubles it until it
/// reaches ``maximum``. ``jitter`` adds up to that much at random, so clients that failed together
/// do not retry together.
///
/// ```swift
/// let backoff = Backoff(initial: .milliseconds(500), maximum: .seconds(30))
/// backoff.delay(afterFailures: 1)  // 0.5 s
/// backoff.delay(afterFailures: 3)  // 2 s
/// backoff.delay(afterFailures: 20) // 30 s
/// ```
public struct Backoff: Sendable, Hashable {
    /// The delay after the first failure.
    public var initial: Duration
    /// The longest delay, however many failures came before.
    public var maximum: Duration
    /// Up to this much is added at random by ``delay(afterFailures:using:)``.
    public var jitter: Duration

    /// - Parameters:
    ///   - initial: The delay after the first failure.
    ///   - maximum: The cap on the doubled delay.
    ///   - jitter: The most that ``delay(afterFailures:using:)`` adds at random; none by default.
    public init(initial: Duration, maximum: Duration, jitter: Duration = .zero) {
        precondition(initial >= .zero && maximum >= .zero && jitter >= .zero, "a backoff cannot be negative")
        self.initial = initial
        self.maximum = maximum
        self.jitter = jitter
    }

    /// The delay, without jitter, after `failures` consecutive failures: `initial · 2^(failures-1)`,
    /// at most ``maximum``; zero when nothing failed.
    /// - Parameter failures: Consecutive failures so far, counting the latest.
    public func delay(afterFailures failures: Int) -> Duration {
        guard failures > 0 else { return .zero }
        var delay = min(initial, maximum)
        // Doubling stops at the cap, so no count of failures overflows.
        for _ in 1..<failures {
            if delay >= maximum || delay <= .zero { break }
            delay = delay > maximum / 2 ? maximum : delay * 2
        }
        return delay
    }

    /// The delay after `failures` consecutive failures plus a random part of ``jitter``.
    /// - Parameters:
    ///   - failures: Consecutive failures so far, counting the latest.
    ///   - generator: The source of the jitter.
    public func delay(afterFailures failures: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let base = delay(afterFailures: failures)
        guard jitter > .zero else { return base }
        let limit = jitter.components.seconds * 1_000_000_000 + jitter.components.attoseconds / 1_000_000_000
        return base + .nanoseconds(Int64.random(in: 0...limit, using: &generator))
    }

}
