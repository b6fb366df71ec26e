public import Foundation

/// The hours a spare machine offers its capacity in (`--available "Mon-Fri 19:00-07:00; Sat-Sun"`),
/// read in the worker's own time zone.
///
/// The text is parts separated by `;`. Each part names days — `Mon`…`Sun`, ranges (`Mon-Fri`,
/// `Fri-Mon` wraps) and lists (`Mon,Wed`) — and optionally a time range `HH:MM-HH:MM`. Without a
/// time range the whole days are available. A range whose end is not after its start crosses
/// midnight: `Mon-Fri 19:00-07:00` is Monday 19:00 to Tuesday 07:00, …, Friday 19:00 to Saturday
/// 07:00. `24:00` may end a range. Outside every part the worker is `outside hours`.
public struct AvailabilityWindow: Sendable, Hashable, CustomStringConvertible {
    /// One part: a set of days (1 = Monday … 7 = Sunday) and minutes of the day from `start` for
    /// `length` minutes (up to a day; may run into the next day).
    struct Part: Sendable, Hashable {
        var days: Set<Int>
        var start: Int
        var length: Int
    }

    /// The text it was parsed from, trimmed.
    public let text: String
    let parts: [Part]

    /// The expected form, for errors and help.
    public static let form = "days with an optional HH:MM-HH:MM range, parts separated by ';', e.g. \"Mon-Fri 19:00-07:00; Sat-Sun\""

    static let dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// Parses the `--available` text.
    ///
    /// Throws ``HearthError`` naming the part that cannot be read and the expected form.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var parts: [Part] = []
        for raw in trimmed.split(separator: ";", omittingEmptySubsequences: false) {
            let part = raw.trimmingCharacters(in: .whitespaces)
            parts.append(try Self.parsePart(part))
        }
        self.text = trimmed
        self.parts = parts
    }

    public var description: String { text }

    /// Whether `date` is inside the window, read in `timeZone`.
    public func contains(_ date: Date, in timeZone: TimeZone) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let components = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        // Calendar's weekday is 1 = Sunday … 7 = Saturday; ours is 1 = Monday … 7 = Sunday.
        let day = ((components.weekday ?? 1) + 5) % 7 + 1
        let minute = (components.hour ?? 0) * 60 + (components.minute ?? 0)
        let yesterday = day == 1 ? 7 : day - 1
        for part in parts {
            if part.days.contains(day), minute >= part.start, minute < part.start + part.length { return true }
            // The part of yesterday's range that ran past midnight.
            if part.days.contains(yesterday), part.start + part.length > 1440, minute < part.start + part.length - 1440 { return true }
        }
        return false
    }

    static func parsePart(_ part: String) throws -> Part {
        guard !part.isEmpty else { throw error("an empty part") }
        let pieces = part.split(separator: " ", omittingEmptySubsequences: true)
        guard pieces.count <= 2 else { throw error("the part '\(part)' has more than days and one time range") }
        let days = try parseDays(String(pieces[0]), part: part)
        guard pieces.count == 2 else { return Part(days: days, start: 0, length: 1440) }
        let range = pieces[1].split(separator: "-", omittingEmptySubsequences: false)
        guard range.count == 2 else { throw error("the time range '\(pieces[1])' in '\(part)' is not HH:MM-HH:MM") }
        let start = try parseTime(String(range[0]), part: part, allowEndOfDay: false)
        let end = try parseTime(String(range[1]), part: part, allowEndOfDay: true)
        guard start != end else { throw error("the time range '\(pieces[1])' in '\(part)' is empty (it starts where it ends)") }
        return Part(days: days, start: start, length: end > start ? end - start : end + 1440 - start)
    }

    static func parseDays(_ text: String, part: String) throws -> Set<Int> {
        var days: Set<Int> = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let ends = try item.split(separator: "-", omittingEmptySubsequences: false).map { try day(String($0), part: part) }
            switch ends.count {
            case 1: days.insert(ends[0])
            case 2:
                var d = ends[0]
                while true {
                    days.insert(d)
                    if d == ends[1] { break }
                    d = d == 7 ? 1 : d + 1
                }
            default: throw error("the days '\(item)' in '\(part)' are not a day or a range of two days")
            }
        }
        return days
    }

    static func day(_ text: String, part: String) throws -> Int {
        guard let index = dayNames.firstIndex(of: text.lowercased()) else {
            throw error("'\(text)' in '\(part)' is not a day (Mon, Tue, Wed, Thu, Fri, Sat, Sun)")
        }
        return index + 1
    }

    static func parseTime(_ text: String, part: String, allowEndOfDay: Bool) throws -> Int {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 2, fields.allSatisfy({ $0.count == 2 }), let hour = Int(fields[0]), let minute = Int(fields[1]),
            (0...59).contains(minute), (0...23).contains(hour) || (allowEndOfDay && hour == 24 && minute == 0)
        else { throw error("'\(text)' in '\(part)' is not a time HH:MM (00:00 to 23:59, or 24:00 to end a range)") }
        return hour * 60 + minute
    }

    static func error(_ problem: String) -> HearthError {
        HearthError(code: .invalidArgument, message: "cannot read the availability: \(problem)", fix: "write --available as \(form)")
    }
}
