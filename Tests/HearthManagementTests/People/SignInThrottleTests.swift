import Foundation
import HearthCore
import Testing

@testable import HearthManagement

@Suite struct SignInThrottleTests {
    let throttle = SignInThrottle()
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func failures(_ count: Int, secondsAgo: TimeInterval = 0) -> FailureHistory {
        FailureHistory(count: count, latest: now - secondsAgo)
    }

    @Test func fewFailuresProceed() {
        #expect(throttle.decide(account: .none, address: .none, now: now) == .proceed)
        #expect(throttle.decide(account: failures(4), address: failures(19), now: now) == .proceed)
    }

    @Test func theFifthAccountFailureMakesTheNextAttemptWait() {
        #expect(
            throttle.decide(account: failures(5), address: failures(5), now: now)
                == .wait(.seconds(30), "Too many failed sign-ins for this account; try again in 30 seconds.")
        )
        #expect(
            throttle.decide(account: failures(5, secondsAgo: 29), address: .none, now: now)
                == .wait(.seconds(1), "Too many failed sign-ins for this account; try again in 1 second.")
        )
        #expect(throttle.decide(account: failures(5, secondsAgo: 30), address: .none, now: now) == .proceed)
    }

    @Test func theWaitDoublesAndStopsAtFifteenMinutes() {
        let waits = (5...14).map { count -> Duration? in
            if case .wait(let wait, _) = throttle.decide(account: failures(count), address: .none, now: now) { return wait }
            return nil
        }
        let expected: [Duration] = [30, 60, 120, 240, 480, 900, 900, 900, 900, 900].map { .seconds($0) }
        #expect(waits == expected)
    }

    @Test func theMessageSaysMinutesRoundedUp() {
        let decision = throttle.decide(account: failures(8, secondsAgo: 30), address: .none, now: now)  // 4 min - 30 s
        #expect(decision == .wait(.seconds(210), "Too many failed sign-ins for this account; try again in 4 minutes."))
        #expect(SignInThrottle.spoken(.seconds(60)) == "1 minute")
        #expect(SignInThrottle.spoken(.seconds(61)) == "2 minutes")
        #expect(SignInThrottle.spoken(.milliseconds(1500)) == "2 seconds")
    }

    @Test func anAddressWaitsFromItsOwnHigherThreshold() {
        #expect(
            throttle.decide(account: failures(1), address: failures(20), now: now)
                == .wait(.seconds(30), "Too many failed sign-ins from your network address; try again in 30 seconds.")
        )
        // The longer of the two waits is the one reported.
        #expect(
            throttle.decide(account: failures(5), address: failures(22), now: now)
                == .wait(.seconds(120), "Too many failed sign-ins from your network address; try again in 2 minutes.")
        )
        #expect(
            throttle.decide(account: failures(7), address: failures(20), now: now)
                == .wait(.seconds(120), "Too many failed sign-ins for this account; try again in 2 minutes.")
        )
    }

    @Test func thresholdsAndBackoffAreConfigurable() {
        var strict = SignInThrottle()
        strict.accountThreshold = 2
        strict.backoff = .init(initial: .seconds(60), maximum: .seconds(120))
        #expect(strict.decide(account: failures(1), address: .none, now: now) == .proceed)
        #expect(
            strict.decide(account: failures(9), address: .none, now: now)
                == .wait(.seconds(120), "Too many failed sign-ins for this account; try again in 2 minutes.")
        )
    }
}
