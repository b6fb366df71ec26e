import Foundation

/// The UTC times of `st` and `se`, in the ISO 8601 forms Azure accepts: `YYYY-MM-DD`,
/// `YYYY-MM-DDThh:mmZ`, `YYYY-MM-DDThh:mm:ssZ` and `YYYY-MM-DDThh:mm:ss.fffffffZ`.
enum QueueSASTime {
    /// The time `text` names, or `nil` when it is none of the accepted forms.
    static func parse(_ text: String) -> Date? {
        let parts = text.split(separator: "T", maxSplits: 1, omittingEmptySubsequences: false)
        let day = parts[0].split(separator: "-", omittingEmptySubsequences: false)
        guard day.count == 3, day[0].count == 4, day[1].count == 2, day[2].count == 2,
            let year = Int(day[0]), let month = Int(day[1]), let date = Int(day[2])
        else { return nil }
        var components = DateComponents(year: year, month: month, day: date, hour: 0, minute: 0, second: 0)
        var fraction = 0.0
        if parts.count == 2 {
            guard parts[1].hasSuffix("Z") else { return nil }
            let clock = parts[1].dropLast().split(separator: ":", omittingEmptySubsequences: false)
            guard clock.count == 2 || clock.count == 3, clock[0].count == 2, clock[1].count == 2,
                let hour = Int(clock[0]), let minute = Int(clock[1])
            else { return nil }
            components.hour = hour
            components.minute = minute
            if clock.count == 3 {
                let seconds = clock[2].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
                guard seconds[0].count == 2, let second = Int(seconds[0]) else { return nil }
                components.second = second
                if seconds.count == 2 {
                    guard !seconds[1].isEmpty, seconds[1].allSatisfy(\.isNumber), let value = Double("0." + seconds[1]) else { return nil }
                    fraction = value
                }
            }
        }
        guard (1...12).contains(month), (1...31).contains(date), (0...23).contains(components.hour!),
            (0...59).contains(components.minute!), (0...59).contains(components.second!)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard components.isValidDate(in: calendar), let base = calendar.date(from: components) else { return nil }
        return base.addingTimeInterval(fraction)
    }
}
