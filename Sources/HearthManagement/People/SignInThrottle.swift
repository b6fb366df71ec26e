package import Foundation
package import HearthCore

/// Whether a sign-in attempt may be tried now, from the recent failures for its account and for
/// the address it comes from (the store counts them; this decides).
///
/// Per account: the first ``accountThreshold`` failures within ``window`` cost nothing; each one
/// after that makes the next attempt wait ``backoff`` after the latest failure (30 s, 1 min, 2 min, …
/// up to 15 min by default). Per address the same, from the higher ``addressThreshold``, for one
/// address trying many accounts. The account is never locked outright, so someone guessing cannot
/// lock its owner out for longer than the cap; the attempts that are let through are still
/// checked against the password.
///
/// The throttle applies to unknown account names too (counted under the name typed), so its
/// message does not tell which accounts exist.
///
/// ```swift
/// let decision = SignInThrottle().decide(
///     account: FailureHistory(count: 6, latest: lastFailure),
///     address: FailureHistory(count: 6, latest: lastFailure),
///     now: now)
/// if case .wait(_, let message) = decision { return signInPage(message: message) }
/// ```
package struct SignInThrottle: Sendable, Hashable {
    /// Failures for one account within ``window`` before attempts must wait: 5 by default.
    package var accountThreshold = 5
    /// Failures from one address within ``window`` before attempts must wait: 20 by default.
    package var addressThreshold = 20
    /// How far back failures count: 15 minutes by default. The store counts failures newer than
    /// `now - window`.
    package var window: Duration = .seconds(15 * 60)
    /// The wait after the failure that reached a threshold, doubling with each further one.
    package var backoff = Backoff(initial: .seconds(30), maximum: .seconds(15 * 60))

    /// The default throttle; change its properties for another.
    package init() {}

    /// What to do with a sign-in attempt at `now`.
    /// - Parameters:
    ///   - account: Failed sign-ins for the account name within ``window``.
    ///   - address: Failed sign-ins from the client's address within ``window``.
    ///   - now: The attempt's time.
    package func decide(account: FailureHistory, address: FailureHistory, now: Date) -> SignInThrottleDecision {
        let accountWait = remaining(account, threshold: accountThreshold, now: now)
        let addressWait = remaining(address, threshold: addressThreshold, now: now)
        if let accountWait, accountWait >= (addressWait ?? .zero) {
            return .wait(accountWait, "Too many failed sign-ins for this account; try again in \(Self.spoken(accountWait)).")
        }
        if let addressWait {
            return .wait(addressWait, "Too many failed sign-ins from your network address; try again in \(Self.spoken(addressWait)).")
        }
        return .proceed
    }

    /// How long is left to wait for one history, or `nil` when nothing is.
    private func remaining(_ history: FailureHistory, threshold: Int, now: Date) -> Duration? {
        guard history.count >= threshold, let latest = history.latest else { return nil }
        let wait = backoff.delay(afterFailures: history.count - threshold + 1)
        let waitSeconds = Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18
        let left = latest.addingTimeInterval(waitSeconds).timeIntervalSince(now)
        guard left > 0 else { return nil }
        return .milliseconds(Int64((left * 1000).rounded(.up)))
    }

    /// "45 seconds", "1 minute", "4 minutes": whole seconds under a minute, else minutes rounded up.
    package static func spoken(_ duration: Duration) -> String {
        let seconds = duration.components.seconds + (duration.components.attoseconds > 0 ? 1 : 0)
        if seconds < 60 {
            return seconds == 1 ? "1 second" : "\(seconds) seconds"
        }
        let minutes = (seconds + 59) / 60
        return minutes == 1 ? "1 minute" : "\(minutes) minutes"
    }
}

/// Failed sign-ins counted for one account or one address.
package struct FailureHistory: Sendable, Hashable {
    /// Failures within the throttle's window.
    package var count: Int
    /// When the latest of them happened; `nil` when there were none.
    package var latest: Date?

    /// - Parameters:
    ///   - count: Failures within the throttle's window.
    ///   - latest: When the latest of them happened.
    package init(count: Int, latest: Date?) {
        self.count = count
        self.latest = latest
    }

    /// No failures.
    package static let none = FailureHistory(count: 0, latest: nil)
}

/// The outcome of ``SignInThrottle/decide(account:address:now:)``.
package enum SignInThrottleDecision: Sendable, Hashable {
    /// The attempt may check the password.
    case proceed
    /// The attempt is refused without checking the password; try again after the duration. The
    /// message is for the sign-in page (and the audit log).
    case wait(Duration, String)
}
