import Foundation
import HearthCore
import Testing

@Suite struct CronScheduleTests {
    private let utc = TimeZone(identifier: "UTC")!
    private let berlin = TimeZone(identifier: "Europe/Berlin")!
    private let newYork = TimeZone(identifier: "America/New_York")!

    private func date(_ iso: String) -> Date {
        try! Date(iso, strategy: .iso8601)
    }

    private func next(_ expression: String, after iso: String, in zone: TimeZone? = nil) throws -> Date? {
        try CronSchedule(parsing: expression).nextOccurrence(after: date(iso), in: zone ?? utc)
    }

    private func occurrences(_ expression: String, after iso: String, count: Int, in zone: TimeZone? = nil) throws -> [Date] {
        let schedule = try CronSchedule(parsing: expression)
        var result: [Date] = []
        var cursor = date(iso)
        for _ in 0..<count {
            guard let n = schedule.nextOccurrence(after: cursor, in: zone ?? utc) else { break }
            result.append(n)
            cursor = n
        }
        return result
    }

    private func cronError(_ expression: String) -> HearthError? {
        do {
            _ = try CronSchedule(parsing: expression)
            return nil
        } catch {
            return error
        }
    }

    @Test func everyFiveMinutes() throws {
        #expect(
            try occurrences("0 */5 * * * *", after: "2026-01-01T10:02:30Z", count: 3)
                == [date("2026-01-01T10:05:00Z"), date("2026-01-01T10:10:00Z"), date("2026-01-01T10:15:00Z")]
        )
    }

    @Test func strictlyAfterAMatchingInstant() throws {
        #expect(try next("0 */5 * * * *", after: "2026-01-01T10:05:00Z") == date("2026-01-01T10:10:00Z"))
        #expect(try next("* * * * * *", after: "2026-01-01T10:05:00Z") == date("2026-01-01T10:05:01Z"))
    }

    @Test func valuesListsRangesAndSteps() throws {
        #expect(
            try occurrences("5,10 0 12 * * *", after: "2026-01-01T00:00:00Z", count: 3)
                == [date("2026-01-01T12:00:05Z"), date("2026-01-01T12:00:10Z"), date("2026-01-02T12:00:05Z")]
        )
        #expect(
            try occurrences("0 0 9-11 * * *", after: "2026-01-01T09:30:00Z", count: 3)
                == [date("2026-01-01T10:00:00Z"), date("2026-01-01T11:00:00Z"), date("2026-01-02T09:00:00Z")]
        )
        #expect(
            try occurrences("0 10-30/10 8 * * *", after: "2026-01-01T00:00:00Z", count: 4)
                == [date("2026-01-01T08:10:00Z"), date("2026-01-01T08:20:00Z"), date("2026-01-01T08:30:00Z"), date("2026-01-02T08:10:00Z")]
        )
        #expect(
            try occurrences("0 0 20/2 * * *", after: "2026-01-01T00:00:00Z", count: 3)
                == [date("2026-01-01T20:00:00Z"), date("2026-01-01T22:00:00Z"), date("2026-01-02T20:00:00Z")]
        )
    }

    @Test func monthAndDayNames() throws {
        // 2026-03-02 is a Monday.
        #expect(try next("0 0 8 * mar MON", after: "2026-01-15T00:00:00Z") == date("2026-03-02T08:00:00Z"))
        #expect(try next("0 0 8 * March Monday", after: "2026-01-15T00:00:00Z") == date("2026-03-02T08:00:00Z"))
        #expect(
            try occurrences("0 0 8 * * sat-SUN", after: "2026-03-02T00:00:00Z", count: 2)
                == [date("2026-03-07T08:00:00Z"), date("2026-03-08T08:00:00Z")]
        )
        #expect(try next("0 0 0 1 JAN-FEB *", after: "2026-01-01T00:00:00Z") == date("2026-02-01T00:00:00Z"))
    }

    @Test func sevenIsSunday() throws {
        // 2026-03-08 is a Sunday.
        #expect(try next("0 0 0 * * 7", after: "2026-03-03T00:00:00Z") == date("2026-03-08T00:00:00Z"))
        #expect(try next("0 0 0 * * 0", after: "2026-03-03T00:00:00Z") == date("2026-03-08T00:00:00Z"))
        #expect(try next("0 0 0 * * 5-7", after: "2026-03-07T12:00:00Z") == date("2026-03-08T00:00:00Z"))
    }

    @Test func bothDayFieldsRestrictedMatchEither() throws {
        // Day 15 or any Friday; 2026-05-01 is a Friday.
        #expect(
            try occurrences("0 0 0 15 * FRI", after: "2026-04-30T00:00:00Z", count: 4)
                == [date("2026-05-01T00:00:00Z"), date("2026-05-08T00:00:00Z"), date("2026-05-15T00:00:00Z"), date("2026-05-22T00:00:00Z")]
        )
        // With one field '*', both must match: Fridays only.
        #expect(
            try occurrences("0 0 0 * * FRI", after: "2026-04-30T00:00:00Z", count: 3)
                == [date("2026-05-01T00:00:00Z"), date("2026-05-08T00:00:00Z"), date("2026-05-15T00:00:00Z")]
        )
        // "*/2" counts as unrestricted (starts with '*'): odd days that are Fridays.
        #expect(try next("0 0 0 */2 * FRI", after: "2026-05-02T00:00:00Z") == date("2026-05-15T00:00:00Z"))
    }

    @Test func leapDayAndMonthEnds() throws {
        #expect(try next("0 0 0 29 2 *", after: "2026-01-01T00:00:00Z") == date("2028-02-29T00:00:00Z"))
        #expect(
            try occurrences("0 0 0 31 * *", after: "2026-01-31T00:00:00Z", count: 2)
                == [date("2026-03-31T00:00:00Z"), date("2026-05-31T00:00:00Z")]
        )
        #expect(try next("59 59 23 31 12 *", after: "2026-06-01T00:00:00Z") == date("2026-12-31T23:59:59Z"))
    }

    @Test func farFutureIsFoundQuickly() throws {
        // Feb 1 or 29 that is a Saturday ("*/28" counts as unrestricted, so both day fields must match).
        let schedule = try CronSchedule(parsing: "0 0 0 */28 feb SAT")
        let start = date("2026-03-01T00:00:00Z")
        var found: Date?
        let elapsed = ContinuousClock().measure {
            found = schedule.nextOccurrence(after: start, in: utc)
        }
        #expect(found == date("2031-02-01T00:00:00Z"))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc
        #expect(found.map { calendar.component(.weekday, from: $0) } == 7)
        #expect(elapsed < .seconds(1))
    }

    @Test func impossibleDatesAreRefused() {
        #expect(cronError("0 0 0 30 2 *")?.message.contains("never match a real date") == true)
        #expect(cronError("0 0 0 31 4,6 *") != nil)
    }

    @Test func wrongFieldCountNamesTheFix() {
        let error = cronError("0 * * *")
        #expect(error?.code == .invalidCron)
        #expect(
            error?.description
                == "'0 * * *' is not a valid NCRONTAB expression: expected 6 fields (second minute hour day month day-of-week), found 4. Fix: write a 6-field expression such as \"0 */5 * * * *\"."
        )
        #expect(cronError("*/5 * * * *")?.fix == "NCRONTAB has a seconds field first; write \"0 */5 * * * *\"")
    }

    @Test(arguments: [
        ("0 0 0 ? * MON", "day", "'?'"), ("0 0 0 L * *", "day", "'L'"), ("0 0 0 15W * *", "day", "'W'"),
        ("0 0 0 * * MON#2", "day-of-week", "'#'"), ("60 * * * * *", "second", "outside 0-59"), ("* 60 * * * *", "minute", "outside 0-59"),
        ("* * 24 * * *", "hour", "outside 0-23"), ("* * * 0 * *", "day", "outside 1-31"), ("* * * * 13 *", "month", "outside 1-12"),
        ("* * * * * 8", "day-of-week", "outside 0-7"), ("*/0 * * * * *", "second", "positive"), ("* * * * foo *", "month", "'foo'"),
        ("5-1 * * * * *", "second", "start is after its end"), ("1,,2 * * * * *", "second", "empty list item"), ("a * * * * *", "second", "'a'"),
    ])
    func refusesBadFields(_ expression: String, field: String, detail: String) {
        let error = cronError(expression)
        #expect(error?.code == .invalidCron)
        #expect(error?.message.contains("the \(field) field") == true, "\(String(describing: error))")
        #expect(error?.message.contains(detail) == true, "\(String(describing: error))")
        #expect(error?.fix?.isEmpty == false)
    }

    @Test func firesMoreThanOncePerMinute() throws {
        #expect(try CronSchedule(parsing: "* * * * * *").firesMoreThanOncePerMinute)
        #expect(try CronSchedule(parsing: "*/30 * * * * *").firesMoreThanOncePerMinute)
        #expect(try !CronSchedule(parsing: "0 * * * * *").firesMoreThanOncePerMinute)
        #expect(try !CronSchedule(parsing: "0 */5 * * * *").firesMoreThanOncePerMinute)
    }

    @Test func wallClockInAZone() throws {
        // 09:00 in Berlin in winter is 08:00 UTC.
        #expect(try next("0 0 9 * * *", after: "2026-01-10T00:00:00Z", in: berlin) == date("2026-01-10T08:00:00Z"))
    }

    @Test func berlinSpringForwardFiresOnceAfterTheGap() throws {
        // 2026-03-29: 02:00 CET jumps to 03:00 CEST (01:00 UTC); 02:30 does not exist.
        #expect(
            try occurrences("0 30 2 * * *", after: "2026-03-28T12:00:00Z", count: 2, in: berlin)
                == [date("2026-03-29T01:00:00Z"), date("2026-03-30T00:30:00Z")]
        )
        // Every 20 minutes: 02:00, 02:20, 02:40 collapse into one firing at 03:00 CEST.
        #expect(
            try occurrences("0 */20 * * * *", after: "2026-03-29T00:30:00Z", count: 4, in: berlin)
                == [date("2026-03-29T00:40:00Z"), date("2026-03-29T01:00:00Z"), date("2026-03-29T01:20:00Z"), date("2026-03-29T01:40:00Z")]
        )
    }

    @Test func berlinFallBackFiresOnceAtFirstOccurrence() throws {
        // 2026-10-25: 03:00 CEST goes back to 02:00 CET (01:00 UTC); 02:30 happens twice.
        #expect(
            try occurrences("0 30 2 * * *", after: "2026-10-24T12:00:00Z", count: 2, in: berlin)
                == [date("2026-10-25T00:30:00Z"), date("2026-10-26T01:30:00Z")]
        )
        // Asked from within the repeated hour, the already-passed 02:30 is not repeated.
        #expect(try next("0 30 2 * * *", after: "2026-10-25T01:10:00Z", in: berlin) == date("2026-10-26T01:30:00Z"))
    }

    @Test func newYorkTransitions() throws {
        // 2026-03-08: 02:00 EST jumps to 03:00 EDT (07:00 UTC).
        #expect(
            try occurrences("0 30 2 * * *", after: "2026-03-07T12:00:00Z", count: 2, in: newYork)
                == [date("2026-03-08T07:00:00Z"), date("2026-03-09T06:30:00Z")]
        )
        // 2026-11-01: 02:00 EDT goes back to 01:00 EST (06:00 UTC); 01:30 happens twice.
        #expect(
            try occurrences("0 30 1 * * *", after: "2026-10-31T12:00:00Z", count: 2, in: newYork)
                == [date("2026-11-01T05:30:00Z"), date("2026-11-02T06:30:00Z")]
        )
    }
}
