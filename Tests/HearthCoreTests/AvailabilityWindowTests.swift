import Foundation
import HearthCore
import Testing

/// `--available`: days, ranges, lists, windows across midnight, read in the worker's time zone,
/// and errors that name the bad part and the expected form.
@Suite struct AvailabilityWindowTests {
    static let utc = TimeZone(identifier: "UTC")!

    /// A time in `zone`: 2026-12-07 is a Monday.
    static func at(_ day: Int, _ hour: Int, _ minute: Int = 0, in zone: TimeZone = utc) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: 2026, month: 12, day: 6 + day, hour: hour, minute: minute))!
    }

    @Test func eveningsCrossMidnightIntoTheNextMorning() throws {
        let window = try AvailabilityWindow(parsing: "Mon-Fri 19:00-07:00; Sat-Sun")
        #expect(window.text == "Mon-Fri 19:00-07:00; Sat-Sun")
        #expect(!window.contains(Self.at(1, 6, 59), in: Self.utc))  // Monday morning: Sunday's whole day ended at midnight
        #expect(!window.contains(Self.at(1, 12), in: Self.utc))
        #expect(!window.contains(Self.at(1, 18, 59), in: Self.utc))
        #expect(window.contains(Self.at(1, 19), in: Self.utc))
        #expect(window.contains(Self.at(2, 3), in: Self.utc))  // Tuesday 03:00, Monday's window
        #expect(!window.contains(Self.at(2, 7), in: Self.utc))  // the end is not inside
        #expect(window.contains(Self.at(6, 6, 59), in: Self.utc))  // Saturday, whole day
        #expect(window.contains(Self.at(7, 23, 59), in: Self.utc))  // Sunday night
        #expect(window.contains(Self.at(5, 23), in: Self.utc))  // Friday night
    }

    @Test func readsTheTimeInTheWorkersZone() throws {
        let window = try AvailabilityWindow(parsing: "Mon 09:00-17:00")
        let paris = TimeZone(identifier: "Europe/Paris")!
        // 09:30 in Paris is 08:30 UTC in December.
        #expect(window.contains(Self.at(1, 9, 30, in: paris), in: paris))
        #expect(!window.contains(Self.at(1, 9, 30, in: paris), in: Self.utc))
    }

    @Test func listsWrappingRangesAndEndOfDay() throws {
        let window = try AvailabilityWindow(parsing: "sat-mon 22:00-24:00;Wed,Fri 00:00-01:00")
        #expect(window.contains(Self.at(6, 22), in: Self.utc))
        #expect(window.contains(Self.at(7, 23, 59), in: Self.utc))
        #expect(window.contains(Self.at(1, 22), in: Self.utc))
        #expect(!window.contains(Self.at(2, 0, 30), in: Self.utc))  // 24:00 ends at midnight
        #expect(!window.contains(Self.at(2, 22), in: Self.utc))
        #expect(window.contains(Self.at(3, 0, 30), in: Self.utc))
        #expect(window.contains(Self.at(5, 0, 59), in: Self.utc))
        #expect(!window.contains(Self.at(4, 0, 30), in: Self.utc))
    }

    @Test(arguments: [
        ("Mon-Fry 19:00-07:00", "'Fry' in 'Mon-Fry 19:00-07:00' is not a day"),
        ("Mon 19:00", "the time range '19:00' in 'Mon 19:00' is not HH:MM-HH:MM"),
        ("Mon 25:00-07:00", "'25:00' in 'Mon 25:00-07:00' is not a time HH:MM"),
        ("Mon 9:00-17:00", "'9:00' in 'Mon 9:00-17:00' is not a time HH:MM"),
        ("Mon 24:00-07:00", "'24:00' in 'Mon 24:00-07:00' is not a time HH:MM"),
        ("Mon 08:00-08:00", "the time range '08:00-08:00' in 'Mon 08:00-08:00' is empty"),
        ("Mon-Fri 19:00-07:00;", "an empty part"),
        ("", "an empty part"),
        ("Mon 08:00-09:00 extra", "has more than days and one time range"),
        ("Mon-Wed-Fri", "the days 'Mon-Wed-Fri' in 'Mon-Wed-Fri' are not a day or a range of two days"),
    ])
    func badTextNamesThePartAndTheForm(_ text: String, _ expected: String) {
        #expect {
            _ = try AvailabilityWindow(parsing: text)
        } throws: { error in
            let description = "\(error)"
            return (error as? HearthError)?.code == .invalidArgument && description.contains(expected)
                && description.contains("e.g. \"Mon-Fri 19:00-07:00; Sat-Sun\"")
        }
    }
}
