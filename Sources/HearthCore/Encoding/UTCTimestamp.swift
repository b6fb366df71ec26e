public import Foundation

/// Hearth's one formatter of points in time as text, always in UTC and to the second.
///
/// ```swift
/// let date = Date(timeIntervalSince1970: 1_733_470_388)
/// UTCTimestamp.iso8601(date)  // "2024-12-06T07:33:08Z" (log lines, deployment logs)
/// UTCTimestamp.compact(date)  // "20241206-073308"      (file names)
/// ```
public enum UTCTimestamp {
    /// ISO 8601 / RFC 3339 with `T` and `Z`, as `Date.ISO8601FormatStyle` writes by default.
    public static func iso8601(_ date: Date) -> String {
        let t = Fields(date)
        return "\(t.year)-\(t.month)-\(t.day)T\(t.hour):\(t.minute):\(t.second)Z"
    }

    /// Digits only, date and time joined by `-`: sorts like the time and is safe in a file name.
    public static func compact(_ date: Date) -> String {
        let t = Fields(date)
        return "\(t.year)\(t.month)\(t.day)-\(t.hour)\(t.minute)\(t.second)"
    }

    /// The calendar fields of a time in UTC, zero-padded.
    private struct Fields {
        var year, month, day, hour, minute, second: String

        private static let calendar: Calendar = {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            return calendar
        }()

        init(_ date: Date) {
            let c = Self.calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            func pad(_ value: Int?, _ width: Int) -> String {
                let text = String(value ?? 0)
                return String(repeating: "0", count: max(0, width - text.count)) + text
            }
            year = pad(c.year, 4)
            month = pad(c.month, 2)
            day = pad(c.day, 2)
            hour = pad(c.hour, 2)
            minute = pad(c.minute, 2)
            second = pad(c.second, 2)
        }
    }
}
