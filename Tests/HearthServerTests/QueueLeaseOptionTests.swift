import HearthServer
import Testing

/// `--queue-lease` of `hearth serve` and `hearth worker`: whole seconds, minutes, hours or days,
/// between 5 seconds and 7 days; a refused value names the option and the range.
@Suite struct QueueLeaseOptionTests {
    @Test(arguments: [
        ("5", Duration.seconds(5)), ("30s", .seconds(30)), ("10m", .seconds(600)), ("1h", .seconds(3_600)), ("7d", .seconds(604_800)),
    ])
    func acceptsWholeUnitsWithinTheRange(text: String, lease: Duration) throws {
        #expect(try QueueLeaseOption.parse(text) == lease)
    }

    @Test func theDefaultIsTenMinutes() throws {
        #expect(try QueueLeaseOption.parse(QueueLeaseOption.defaultText) == .seconds(600))
        #expect(QueueLeaseOption.defaultLease == .seconds(600))
    }

    @Test(arguments: ["4s", "0", "0m"])
    func refusesLeasesShorterThanFiveSeconds(text: String) {
        let error = #expect(throws: QueueLeaseOption.Error.self) { try QueueLeaseOption.parse(text) }
        #expect(error?.description == "--queue-lease '\(text)' is too short (it must be between 5s and 7d; the default is 10m)")
    }

    @Test(arguments: ["8d", "169h", "604801"])
    func refusesLeasesLongerThanSevenDays(text: String) {
        let error = #expect(throws: QueueLeaseOption.Error.self) { try QueueLeaseOption.parse(text) }
        #expect(error?.description == "--queue-lease '\(text)' is too long (it must be between 5s and 7d; the default is 10m)")
    }

    @Test(arguments: ["", "s", "30 s", "1.5m", "-30s", "30x", "10ms", "00:00:30", "٣٠s", "9999999999999m"])
    func refusesWhatIsNotAWholeDuration(text: String) {
        let error = #expect(throws: QueueLeaseOption.Error.self) { try QueueLeaseOption.parse(text) }
        #expect(error?.description.hasPrefix("--queue-lease '\(text)' is not a duration") == true)
        #expect(error?.description.hasSuffix("(it must be between 5s and 7d; the default is 10m)") == true)
    }
}
