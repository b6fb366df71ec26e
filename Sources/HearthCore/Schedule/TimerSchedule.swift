public import Foundation

/// A timer trigger's schedule: an NCRONTAB expression or a fixed interval, as the Functions host reads `schedule`.
///
/// ```swift
/// try TimerSchedule.parse("0 */5 * * * *")  // .cron(…)
/// try TimerSchedule.parse("00:10:00")       // .interval(.seconds(600))
/// ```
public enum TimerSchedule: Sendable, Hashable {
    /// Fires at the times an NCRONTAB expression selects.
    case cron(CronSchedule)
    /// Fires every `Duration`, counted from the previous firing.
    case interval(Duration)

    /// Parses a schedule (after `%Setting%` substitution): NCRONTAB first, else a .NET TimeSpan
    /// (`hh:mm:ss`, `d.hh:mm:ss`; see ``TimeSpanParser``).
    /// - Parameter expression: The schedule text.
    /// - Throws: ``HearthError``: ``HearthError/Code/invalidCron`` for text that looks like cron (or is
    ///   neither), ``HearthError/Code/invalidTimeSpan`` for a zero or negative interval or a bad TimeSpan.
    public static func parse(_ expression: String) throws(HearthError) -> TimerSchedule {
        let cronError: HearthError
        do {
            return .cron(try CronSchedule(parsing: expression))
        } catch {
            cronError = error
        }
        let trimmed = expression.trimmingASCIIWhitespace()
        if let interval = TimeSpanParser.parse(expression) {
            guard interval > .zero else {
                throw HearthError(
                    code: .invalidTimeSpan,
                    message: "'\(expression)' is not a usable timer interval: it must be longer than zero",
                    fix: "write a positive interval such as \"00:05:00\""
                )
            }
            return .interval(interval)
        }
        if trimmed.contains(":") && !trimmed.contains(" ") {
            throw HearthError(
                code: .invalidTimeSpan,
                message:
                    "'\(expression)' is neither NCRONTAB nor a valid TimeSpan (hh:mm:ss or d.hh:mm:ss with hours 0-23, minutes and seconds 0-59)",
                fix: "write an interval such as \"00:05:00\" or a 6-field NCRONTAB expression such as \"0 */5 * * * *\""
            )
        }
        throw cronError
    }

    /// The next firing after `date`: the cron schedule's next occurrence, or `date + interval`.
    /// - Parameters:
    ///   - date: The previous firing (or now).
    ///   - timeZone: The zone for cron wall-clock times (ignored by intervals).
    public func nextOccurrence(after date: Date, in timeZone: TimeZone) -> Date? {
        switch self {
        case .cron(let cron):
            return cron.nextOccurrence(after: date, in: timeZone)
        case .interval(let interval):
            let (seconds, attoseconds) = interval.components
            return date.addingTimeInterval(TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18)
        }
    }

    /// Whether the schedule can fire more than once a minute (then the host does not use the schedule monitor).
    public var firesMoreThanOncePerMinute: Bool {
        switch self {
        case .cron(let cron): cron.firesMoreThanOncePerMinute
        case .interval(let interval): interval < .seconds(60)
        }
    }
}
