import Foundation
import HearthCore
import Testing

@testable import HearthWorker

/// The timer decisions without a store or a clock: `now` is a date set by hand.
@Suite struct TimerStateMachineTests {
    typealias Machine = TimerService.StateMachine<String>

    struct Failure: Error {}

    /// Holds the machine, so `#expect` can call its mutating methods (the macro cannot on a `var`).
    final class Driver {
        var machine = Machine()
        func update(_ keys: [String]) -> [String] { machine.update(keys: keys) }
        func start(_ key: String, _ trigger: TimerTriggerDefinition, status: TimerStatus? = nil, now: Date) -> [Machine.Firing] {
            machine.start(key, trigger: trigger, timeZone: TimerStateMachineTests.utc, monitor: status, now: now)
        }
        func due(_ key: String, _ trigger: TimerTriggerDefinition, now: Date) -> Machine.Firing? {
            machine.due(key, trigger: trigger, timeZone: TimerStateMachineTests.utc, now: now)
        }
        func wait(now: Date) -> Duration { machine.wait(now: now) }
    }

    static let utc = TimeZone(identifier: "UTC")!
    var utc: TimeZone { Self.utc }
    /// 2026-01-01 00:00:00 UTC.
    let t0 = Date(timeIntervalSince1970: 1_767_225_600)

    /// Every five minutes, on the minute.
    func everyFiveMinutes(runOnStartup: Bool = false, useMonitor: Bool = true) throws -> TimerTriggerDefinition {
        TimerTriggerDefinition(
            bindingName: "myTimer",
            expression: "0 */5 * * * *",
            schedule: try TimerSchedule.parse("0 */5 * * * *"),
            runOnStartup: runOnStartup,
            useMonitor: useMonitor
        )
    }

    @Test func aNewTimerWaitsForItsNextOccurrenceThenFiresItClaimed() throws {
        let driver = Driver()
        let trigger = try everyFiveMinutes()
        #expect(driver.update(["tick"]) == ["tick"])
        let now = t0.addingTimeInterval(10)
        #expect(driver.start("tick", trigger, now: now).isEmpty)
        #expect(driver.machine.next["tick"] == t0.addingTimeInterval(300))
        #expect(driver.update(["tick"]).isEmpty, "known now")
        #expect(driver.due("tick", trigger, now: t0.addingTimeInterval(299.9)) == nil)
        let firing = driver.due("tick", trigger, now: t0.addingTimeInterval(300.2))
        let expected = Machine.Firing(
            occurrence: t0.addingTimeInterval(300),
            next: t0.addingTimeInterval(600),
            isPastDue: false,
            claim: true
        )
        #expect(firing == expected)
        #expect(driver.due("tick", trigger, now: t0.addingTimeInterval(300.3)) == nil, "each occurrence fires once")
    }

    @Test func anOccurrenceMoreThanASecondLateIsPastDue() throws {
        let driver = Driver()
        let trigger = try everyFiveMinutes()
        _ = driver.start("tick", trigger, now: t0)
        #expect(driver.due("tick", trigger, now: t0.addingTimeInterval(301))?.isPastDue == false)
        _ = driver.start("late", trigger, now: t0)
        #expect(driver.due("late", trigger, now: t0.addingTimeInterval(301.5))?.isPastDue == true)
    }

    @Test func aWorkerFarBehindFiresOnceAndSkipsToTheNextFutureOccurrence() throws {
        let driver = Driver()
        let trigger = try everyFiveMinutes()
        _ = driver.start("tick", trigger, now: t0)
        // The machine slept for an hour: twelve occurrences passed.
        let now = t0.addingTimeInterval(3600 + 30)
        let firing = driver.due("tick", trigger, now: now)
        let expected = Machine.Firing(
            occurrence: t0.addingTimeInterval(300),
            next: t0.addingTimeInterval(3900),
            isPastDue: true,
            claim: true
        )
        #expect(firing == expected)
        #expect(driver.due("tick", trigger, now: now) == nil)
        #expect(driver.machine.next["tick"] == t0.addingTimeInterval(3900))
    }

    @Test func runOnStartupFiresAtOnceUnclaimed() throws {
        let driver = Driver()
        let trigger = try everyFiveMinutes(runOnStartup: true)
        let now = t0.addingTimeInterval(42)
        let expected = Machine.Firing(occurrence: now, next: t0.addingTimeInterval(300), isPastDue: false, claim: false)
        #expect(driver.start("tick", trigger, now: now) == [expected])
    }

    @Test func anOccurrenceMissedWhileNoWorkerRanFiresClaimedAndPastDue() throws {
        let driver = Driver()
        let trigger = try everyFiveMinutes(runOnStartup: true)
        let missed = TimerStatus(last: t0.addingTimeInterval(-300), next: t0, lastUpdated: t0.addingTimeInterval(-300))
        let now = t0.addingTimeInterval(120)
        let firings = driver.start("tick", trigger, status: missed, now: now)
        #expect(
            firings == [
                Machine.Firing(occurrence: now, next: t0.addingTimeInterval(300), isPastDue: false, claim: false),
                Machine.Firing(occurrence: t0, next: t0.addingTimeInterval(300), isPastDue: true, claim: true),
            ]
        )
    }

    @Test func aMonitorNextWithinASecondOrAheadIsNotMissed() throws {
        let driver = Driver()
        let trigger = try everyFiveMinutes()
        let recent = TimerStatus(last: t0.addingTimeInterval(-300), next: t0, lastUpdated: t0.addingTimeInterval(-300))
        #expect(driver.start("a", trigger, status: recent, now: t0.addingTimeInterval(0.9)).isEmpty)
        #expect(driver.start("b", trigger, status: recent, now: t0.addingTimeInterval(-60)).isEmpty)
    }

    @Test func withoutTheMonitorAMissedOccurrenceIsIgnored() throws {
        let driver = Driver()
        let trigger = try everyFiveMinutes(useMonitor: false)
        let missed = TimerStatus(last: t0.addingTimeInterval(-600), next: t0.addingTimeInterval(-300), lastUpdated: t0)
        #expect(driver.start("tick", trigger, status: missed, now: t0.addingTimeInterval(10)).isEmpty)
    }

    @Test func aTimerThatDisappearsIsForgottenAndStartsAfreshWhenBack() throws {
        let driver = Driver()
        let trigger = try everyFiveMinutes(runOnStartup: true)
        _ = driver.update(["a", "b"])
        _ = driver.start("a", trigger, now: t0)
        _ = driver.start("b", trigger, now: t0)
        #expect(driver.update(["b"]).isEmpty)
        #expect(driver.machine.next["a"] == nil)
        #expect(driver.update(["a", "b"]) == ["a"])
        #expect(driver.start("a", trigger, now: t0.addingTimeInterval(5)).count == 1, "runOnStartup again for the redeployed timer")
    }

    @Test func theWaitIsUntilTheNearestOccurrenceWithinBounds() throws {
        let driver = Driver()
        #expect(driver.wait(now: t0) == .seconds(1), "no timers: the longest wait")
        let trigger = try everyFiveMinutes()
        let interval = TimerTriggerDefinition(bindingName: "t", expression: "00:00:00.25", schedule: .interval(.milliseconds(250)))
        _ = driver.start("five", trigger, now: t0)
        #expect(driver.wait(now: t0) == .seconds(1), "five minutes away: at most a second")
        _ = driver.start("quarter", interval, now: t0)
        #expect(driver.wait(now: t0) == .milliseconds(250))
        #expect(driver.wait(now: t0.addingTimeInterval(0.25)) == .milliseconds(5), "due now: the shortest wait")
        #expect(driver.wait(now: t0.addingTimeInterval(10)) == .milliseconds(5))
    }

    @Test func aClaimRunsOnlyWhenThisWorkerWonIt() {
        #expect(Machine.afterClaim(.success(true)) == .run)
        #expect(Machine.afterClaim(.success(false)) == .skip)
        #expect(Machine.afterClaim(.failure(Failure())) == .skipAndLog)
    }

    @Test func theMonitorStatusRecordsTheRunAndTheNextOccurrence() {
        let firing = Machine.Firing(occurrence: t0, next: t0.addingTimeInterval(300), isPastDue: false, claim: true)
        let now = t0.addingTimeInterval(0.1)
        #expect(firing.status(useMonitor: true, now: now) == TimerStatus(last: t0, next: t0.addingTimeInterval(300), lastUpdated: now))
        #expect(firing.status(useMonitor: false, now: now) == nil)
        let last = Machine.Firing(occurrence: t0, next: nil, isPastDue: false, claim: true)
        #expect(last.status(useMonitor: true, now: now)?.next == t0, "no next occurrence: the last one")
    }
}
