/// How often a failed operation is tried again, and how long to wait before each retry.
///
/// ```swift
/// let policy = RetryPolicy(maxRetries: 3, backoff: Backoff(initial: .milliseconds(50), maximum: .milliseconds(200)))
/// policy.allowsRetry(afterRetries: 0)  // true: the first retry
/// policy.allowsRetry(afterRetries: 3)  // false: three retries were made
/// policy.backoff.delay(afterFailures: 2)  // 100 ms before the second retry
/// ```
public struct RetryPolicy: Sendable, Hashable {
    /// Retries after the first attempt; `0` never retries.
    public var maxRetries: Int
    /// The wait before retry `n` is `backoff.delay(afterFailures: n)`.
    public var backoff: Backoff

    /// - Parameters:
    ///   - maxRetries: Retries after the first attempt.
    ///   - backoff: The wait before each retry.
    public init(maxRetries: Int, backoff: Backoff) {
        precondition(maxRetries >= 0, "a retry count cannot be negative")
        self.maxRetries = maxRetries
        self.backoff = backoff
    }

    /// Whether another retry is allowed once `retries` retries were made.
    public func allowsRetry(afterRetries retries: Int) -> Bool { retries < maxRetries }

    /// The wait before retry number `retry` (1 for the first), jitter included.
    /// - Parameters:
    ///   - retry: The retry about to be made, from 1.
    ///   - generator: The source of the jitter.
    public func delay(beforeRetry retry: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        backoff.delay(afterFailures: retry, using: &generator)
    }
}
