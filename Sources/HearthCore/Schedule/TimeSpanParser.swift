/// Parses .NET `TimeSpan` text as the Functions host reads `functionTimeout` and interval timer schedules.
///
/// Accepted forms (.NET "c" format and `TimeSpan.Parse`): `[-][d.]hh:mm[:ss[.fffffff]]`, with
/// `hh` 0–23, `mm` and `ss` 0–59 and up to seven fraction digits. As in .NET, a three-part value whose
/// first part is 24 or more counts that part in days: `"24:00:00"` is 24 days, not one day.
///
/// ```swift
/// TimeSpanParser.parse("00:05:00")    // .seconds(300)
/// TimeSpanParser.parse("1.02:03:04")  // 1 day, 2 h, 3 min, 4 s
/// TimeSpanParser.parse("24:00:00")    // 24 days
/// ```
public enum TimeSpanParser {
    /// Parses `s`, or returns `nil` if it is not a .NET TimeSpan.
    /// - Parameter s: The text, e.g. `"00:30:00"`; surrounding whitespace is ignored.
    public static func parse(_ s: String) -> Duration? {
        var text = Substring(s.trimmingASCIIWhitespace())
        var negative = false
        if text.first == "-" {
            negative = true
            text = text.dropFirst()
        }
        guard !text.isEmpty else { return nil }

        var days: Int64 = 0
        var hasDays = false
        // "d.hh:mm…": a '.' before the first ':' separates days.
        if let dot = text.firstIndex(of: "."), let colon = text.firstIndex(of: ":"), dot < colon {
            guard let d = digits(text[..<dot], maxCount: 8) else { return nil }
            days = d
            hasDays = true
            text = text[text.index(after: dot)...]
        }

        var fraction: Int64 = 0  // in 100 ns ticks
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        var last = parts[parts.count - 1]
        if parts.count == 3, let dot = last.firstIndex(of: ".") {
            let digitsText = last[last.index(after: dot)...]
            guard !digitsText.isEmpty, digitsText.count <= 7, let f = digits(digitsText, maxCount: 7) else { return nil }
            fraction = f * pow10(7 - digitsText.count)
            last = last[..<dot]
        }
        guard let first = digits(parts[0], maxCount: 8), let second = digits(parts[1], maxCount: 2) else { return nil }
        var hours: Int64
        var minutes: Int64
        var seconds: Int64 = 0
        if parts.count == 3 {
            guard let third = digits(last, maxCount: 2) else { return nil }
            if !hasDays && first >= 24 {
                // .NET reads "24:00:00" as d:hh:mm.
                guard fraction == 0 else { return nil }
                days = first
                hours = second
                minutes = third
            } else {
                hours = first
                minutes = second
                seconds = third
            }
        } else {
            hours = first
            minutes = second
        }
        guard hours < 24, minutes < 60, seconds < 60 else { return nil }
        let totalSeconds = ((days * 24 + hours) * 60 + minutes) * 60 + seconds
        var duration = Duration.seconds(totalSeconds) + Duration.nanoseconds(fraction * 100)
        if negative { duration = .zero - duration }
        return duration
    }

    private static func digits(_ s: Substring, maxCount: Int) -> Int64? {
        guard !s.isEmpty, s.count <= maxCount, s.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int64(s)
    }

    private static func pow10(_ n: Int) -> Int64 {
        var v: Int64 = 1
        for _ in 0..<n { v *= 10 }
        return v
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    func trimmingASCIIWhitespace() -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = lastIndex(where: { !isSpace($0) })!
        return self[start...end]
    }
}
