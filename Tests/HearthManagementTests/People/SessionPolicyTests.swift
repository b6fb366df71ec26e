import Foundation
import Testing

@testable import HearthManagement

@Suite struct SessionPolicyTests {
    let policy = SessionPolicy()
    let signIn = Date(timeIntervalSince1970: 1_800_000_000)

    func at(_ seconds: TimeInterval) -> Date { signIn + seconds }

    @Test func freshSessionIsValidWithoutAWrite() {
        #expect(policy.decide(createdAt: signIn, lastSeenAt: signIn, now: signIn) == .valid)
        #expect(policy.decide(createdAt: signIn, lastSeenAt: signIn, now: at(59)) == .valid)
    }

    @Test func asksForATouchOnlyOnceTheStoredTimeIsAMinuteOld() {
        #expect(policy.decide(createdAt: signIn, lastSeenAt: signIn, now: at(60)) == .touch)
        #expect(policy.decide(createdAt: signIn, lastSeenAt: at(600), now: at(659)) == .valid)
        #expect(policy.decide(createdAt: signIn, lastSeenAt: at(600), now: at(660)) == .touch)
    }

    @Test func idleTimeoutEndsTheSessionAtThirtyMinutes() {
        #expect(policy.decide(createdAt: signIn, lastSeenAt: at(100), now: at(100 + 1799)) == .touch)
        #expect(policy.decide(createdAt: signIn, lastSeenAt: at(100), now: at(100 + 1800)) == .expired(.idle))
    }

    @Test func absoluteLifetimeEndsABusySessionAtTwelveHours() {
        let twelveHours: TimeInterval = 12 * 3600
        #expect(policy.decide(createdAt: signIn, lastSeenAt: at(twelveHours - 10), now: at(twelveHours - 1)) == .valid)
        #expect(policy.decide(createdAt: signIn, lastSeenAt: at(twelveHours - 10), now: at(twelveHours)) == .expired(.lifetime))
        #expect(policy.absoluteExpiry(createdAt: signIn) == at(twelveHours))
    }

    @Test func lifetimeWinsWhenBothHaveRunOut() {
        #expect(policy.decide(createdAt: signIn, lastSeenAt: signIn, now: at(13 * 3600)) == .expired(.lifetime))
    }

    @Test func aStoredTimeAheadOfThisClockIsNotRewritten() {
        #expect(policy.decide(createdAt: signIn, lastSeenAt: at(300), now: at(200)) == .valid)
    }

    @Test func limitsAreConfigurable() {
        let short = SessionPolicy(idleTimeout: .seconds(120), absoluteLifetime: .seconds(600), touchInterval: .seconds(10))
        #expect(short.decide(createdAt: signIn, lastSeenAt: signIn, now: at(10)) == .touch)
        #expect(short.decide(createdAt: signIn, lastSeenAt: signIn, now: at(120)) == .expired(.idle))
        #expect(short.decide(createdAt: signIn, lastSeenAt: at(590), now: at(600)) == .expired(.lifetime))
    }

    @Test func expiryMessagesSaySignInAgain() {
        #expect(SessionExpiry.idle.message == "You were signed out after a period of inactivity; sign in again.")
        #expect(SessionExpiry.lifetime.message == "Your session reached its maximum length; sign in again.")
    }
}

@Suite struct SessionTokenTests {
    @Test func newTokensAre43Base64URLCharactersAndDiffer() {
        let token = SessionToken.generate()
        #expect(token.value.count == 43)
        #expect(SessionToken.isWellFormed(token.value))
        #expect(SessionToken.generate() != token)
        #expect(SessionToken(token.value) == token)
    }

    @Test func theStoreSeesOnlyTheSHA256() {
        let token = SessionToken("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")!
        #expect(token.hash == "0f007385b6f9d4b7eeb2748605afe1a984a0a3bfa3f014d09e2a784ce9e5cd1a")
        #expect(token.hash == SessionToken.hash(token.value))
        #expect(!token.hash.contains(token.value))
        #expect(!"\(token)".contains(token.value))
    }

    @Test func refusesValuesOfTheWrongShape() {
        #expect(SessionToken("") == nil)
        #expect(SessionToken(String(repeating: "A", count: 42)) == nil)
        #expect(SessionToken(String(repeating: "A", count: 42) + "=") == nil)
        #expect(SessionToken(String(repeating: "A", count: 42) + "+") == nil)
    }
}
