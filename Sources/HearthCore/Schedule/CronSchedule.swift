public import Foundation

/// An NCRONTAB schedule with seconds, as a timer trigger's `schedule` (`{second} {minute} {hour} {day} {month} {day-of-week}`).
///
/// Each field is `*`, a value, a range `a-b`, a list `a,b`, or a step `*/n`, `a-b/n`, `a/n` (from `a` to the
/// field's end). Months and days of the week also take English names, three-letter or full, in any case
/// (`jan`, `January`, `MON-FRI`). Days of the week are 0–6 with 0 = Sunday; 7 is also Sunday.
/// `?`, `L`, `W` and `#` are not NCRONTAB and are refused.
///
/// Day of month and day of week follow the classic cron rule: when both are restricted (neither starts
/// with `*`) a day matches if *either* matches; otherwise both must match.
///
/// ## Time zones and daylight saving time
///
/// Occurrences are wall-clock times in the given time zone.
/// - **Spring forward**: a wall time that does not exist (02:30 on the night clocks jump from 02:00 to
///   03:00) fires once, at the first instant after the gap (03:00 in the new offset). Several skipped
///   wall times collapse into that one firing.
/// - **Fall back**: a wall time that occurs twice (02:30 on the night clocks go from 03:00 back to 02:00)
///   fires once, at its first occurrence. A schedule that fires every few minutes therefore does not fire
///   again during the repeated hour.
///
/// ```swift
/// let every5 = try CronSchedule(parsing: "0 */5 * * * *")
/// let next = every5.nextOccurrence(after: .now, in: TimeZone(identifier: "UTC")!)
/// ```
public struct CronSchedule: Sendable, Hashable, CustomStringConvertible {
    /// The expression as written.
    public let expression: String

    private let seconds: UInt64
    private let minutes: UInt64
    private let hours: UInt64
    private let days: UInt64  // bits 1...31
    private let months: UInt64  // bits 1...12
    private let daysOfWeek: UInt64  // bits 0...6
    private let dayOfMonthIsStar: Bool
    private let dayOfWeekIsStar: Bool

    /// Parses an NCRONTAB expression with six fields.
    /// - Parameter expression: e.g. `"0 */5 * * * *"` (every five minutes) or `"0 30 9 * * MON-FRI"`.
    /// - Throws: ``HearthError`` with code ``HearthError/Code/invalidCron``; the message names the field, the fix says how to write it.
    public init(parsing expression: String) throws(HearthError) {
        self.expression = expression
        let fields = expression.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 6 else {
            let fix: String
            if fields.count == 5 {
                fix = "NCRONTAB has a seconds field first; write \"0 \(fields.joined(separator: " "))\""
            } else {
                fix = "write a 6-field expression such as \"0 */5 * * * *\""
            }
            throw HearthError(
                code: .invalidCron,
                message:
                    "'\(expression)' is not a valid NCRONTAB expression: expected 6 fields (second minute hour day month day-of-week), found \(fields.count)",
                fix: fix
            )
        }
        func parse(_ index: Int) throws(HearthError) -> UInt64 {
            try CronField.all[index].parse(fields[index], expression: expression)
        }
        seconds = try parse(0)
        minutes = try parse(1)
        hours = try parse(2)
        days = try parse(3)
        months = try parse(4)
        daysOfWeek = try parse(5)
        dayOfMonthIsStar = fields[3].hasPrefix("*")
        dayOfWeekIsStar = fields[5].hasPrefix("*")
        if !hasPossibleDay() {
            throw HearthError(
                code: .invalidCron,
                message: "'\(expression)' is not a valid NCRONTAB expression: the day and month fields never match a real date",
                fix: "pick days that exist in the chosen months"
            )
        }
    }

    /// The expression as written.
    public var description: String { expression }

    /// Whether the schedule can fire twice within one minute (more than one value in the seconds field).
    /// The host turns `useMonitor` off for such schedules.
    public var firesMoreThanOncePerMinute: Bool { seconds.nonzeroBitCount > 1 }

    /// The first occurrence strictly after `date`, in wall-clock time of `timeZone`, or `nil` if there is
    /// none within 400 years. See the type's documentation for the daylight-saving rules.
    /// - Parameters:
    ///   - date: The instant to search from (exclusive).
    ///   - timeZone: The zone whose wall clock the fields are matched against.
    public func nextOccurrence(after date: Date, in timeZone: TimeZone) -> Date? {
        let afterSeconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let offset = Int64(timeZone.secondsFromGMT(for: date))
        var start = CivilTime(localSeconds: afterSeconds + offset + 1)
        let limitYear = start.year + 400
        // A few rounds at most: only a wall time whose first occurrence is already past is skipped.
        for _ in 0..<10_000 {
            guard let wall = nextWallTime(from: start, limitYear: limitYear) else { return nil }
            if let instant = Self.instant(for: wall, in: timeZone), instant > afterSeconds {
                return Date(timeIntervalSince1970: TimeInterval(instant))
            }
            start = CivilTime(localSeconds: wall.localSeconds + 1)
        }
        return nil
    }

    // MARK: - Matching

    private func dayMatches(_ t: CivilTime) -> Bool {
        let dom = days & (1 << UInt64(t.day)) != 0
        let dow = daysOfWeek & (1 << UInt64(t.weekday)) != 0
        return (dayOfMonthIsStar || dayOfWeekIsStar) ? (dom && dow) : (dom || dow)
    }

    private func hasPossibleDay() -> Bool {
        // With the OR rule, or an unrestricted weekday field, any matching day-of-month in a matching month will do.
        if !dayOfMonthIsStar && !dayOfWeekIsStar { return true }
        for month in 1...12 where months & (1 << UInt64(month)) != 0 {
            let maxDay = CivilTime.daysInMonth(year: 2000, month: month)  // leap year: allow Feb 29
            if days & (((1 << UInt64(maxDay + 1)) - 1) & ~1) != 0 { return true }
        }
        return false
    }

    /// The first wall-clock time ≥ `start` whose fields match.
    private func nextWallTime(from start: CivilTime, limitYear: Int) -> CivilTime? {
        var t = start
        func nextDay() {
            t.day += 1
            t.hour = 0
            t.minute = 0
            t.second = 0
        }
        func nextMonth() {
            t.month += 1
            t.day = 1
            t.hour = 0
            t.minute = 0
            t.second = 0
            if t.month > 12 {
                t.month = 1
                t.year += 1
            }
        }
        while t.year <= limitYear {
            if months & (1 << UInt64(t.month)) == 0 {
                if let m = Self.nextBit(months, from: t.month, upTo: 12) {
                    t.month = m
                    t.day = 1
                    t.hour = 0
                    t.minute = 0
                    t.second = 0
                } else {
                    t.year += 1
                    t.month = 1
                    t.day = 1
                    t.hour = 0
                    t.minute = 0
                    t.second = 0
                }
                continue
            }
            if t.day > CivilTime.daysInMonth(year: t.year, month: t.month) {
                nextMonth()
                continue
            }
            if !dayMatches(t) {
                nextDay()
                continue
            }
            guard let h = Self.nextBit(hours, from: t.hour, upTo: 23) else {
                nextDay()
                continue
            }
            if h != t.hour {
                t.hour = h
                t.minute = 0
                t.second = 0
            }
            guard let m = Self.nextBit(minutes, from: t.minute, upTo: 59) else {
                t.hour += 1
                t.minute = 0
                t.second = 0
                if t.hour > 23 { nextDay() }
                continue
            }
            if m != t.minute {
                t.minute = m
                t.second = 0
            }
            guard let s = Self.nextBit(seconds, from: t.second, upTo: 59) else {
                t.minute += 1
                t.second = 0
                if t.minute > 59 {
                    t.minute = 0
                    t.hour += 1
                    if t.hour > 23 { nextDay() }
                }
                continue
            }
            t.second = s
            return t
        }
        return nil
    }

    /// The lowest set bit at or above `from`, up to `upTo`.
    private static func nextBit(_ mask: UInt64, from: Int, upTo: Int) -> Int? {
        guard from <= upTo else { return nil }
        let candidates = mask >> UInt64(from)
        guard candidates != 0 else { return nil }
        let bit = from + candidates.trailingZeroBitCount
        return bit <= upTo ? bit : nil
    }

    // MARK: - Wall clock to instant

    /// The instant (seconds since 1970) a wall time denotes in `timeZone`: its first occurrence if it is
    /// ambiguous, or the end of the gap if it was skipped by a forward transition.
    static func instant(for wall: CivilTime, in timeZone: TimeZone) -> Int64? {
        let local = wall.localSeconds
        let before = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local - 86_400))))
        let after = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local + 86_400))))
        let valid = Set([before, after]).map { local - $0 }.filter { candidate in
            Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(candidate)))) == local - candidate
        }
        if let first = valid.min() { return first }
        // In a gap: find the transition instant, the first instant with the later offset.
        var low = local - max(before, after) - 86_400
        var high = local - min(before, after) + 86_400
        guard Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(high)))) == after else { return nil }
        while high - low > 1 {
            let mid = low + (high - low) / 2
            if Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(mid)))) == after {
                high = mid
            } else {
                low = mid
            }
        }
        return high
    }
}
