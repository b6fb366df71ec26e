import Foundation
import HearthCore
import Testing

/// The one timestamp formatter: UTC, to the second.
@Suite struct UTCTimestampTests {
    // 2024-12-06 07:33:08.75 UTC.
    let date = Date(timeIntervalSince1970: 1_733_470_388.75)

    @Test func iso8601IsUTCWithTAndZAndNoFraction() {
        #expect(UTCTimestamp.iso8601(date) == "2024-12-06T07:33:08Z")
        #expect(UTCTimestamp.iso8601(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
    }

    @Test func iso8601IsWhatTheISO8601ParserReadsBack() throws {
        let parsed = try Date(UTCTimestamp.iso8601(date), strategy: .iso8601)
        #expect(parsed == Date(timeIntervalSince1970: 1_733_470_388))
    }

    @Test func compactIsDigitsWithADashBetweenDateAndTime() {
        #expect(UTCTimestamp.compact(date) == "20241206-073308")
        #expect(UTCTimestamp.compact(Date(timeIntervalSince1970: 951_782_400)) == "20000229-000000")
    }
}
