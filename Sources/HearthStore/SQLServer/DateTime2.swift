import Foundation

/// DATETIME2 as FreeTDS's `DBDATETIMEALL` holds it: 100 ns ticks since midnight and days since
/// 1900-01-01 (UTC; negative before 1900).
enum DateTime2 {
    /// Seconds from 1900-01-01 to 1970-01-01.
    static let epochOffset: Int64 = 2_208_988_800
    static let ticksPerSecond: Int64 = 10_000_000
    static let ticksPerDay: Int64 = 86_400 * ticksPerSecond

    static func components(_ date: Date) -> (time: UInt64, days: Int32) {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let fraction = date.timeIntervalSince1970 - seconds
        // A Date near today resolves about 0.24 µs, so its sub-microsecond digits are noise:
        // round to whole microseconds (0.123 s stays 1,230,000 ticks, not 1,229,999).
        var ticks = (Int64(seconds) + epochOffset) * ticksPerSecond + Int64((fraction * 1_000_000).rounded()) * 10
        var days = ticks / ticksPerDay
        ticks -= days * ticksPerDay
        if ticks < 0 {
            ticks += ticksPerDay
            days -= 1
        }
        return (UInt64(ticks), Int32(days))
    }

    static func date(time: UInt64, days: Int32) -> Date {
        let ticks = Int64(days) * ticksPerDay + Int64(time)
        let whole = ticks / ticksPerSecond
        let rest = ticks - whole * ticksPerSecond
        return Date(timeIntervalSince1970: Double(whole - epochOffset) + Double(rest) / Double(ticksPerSecond))
    }
}
