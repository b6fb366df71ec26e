import Foundation
import HearthCore
import Testing

@testable import HearthStore

/// A batch's finished invocations, counted per app, function and hour before one upsert each.
@Suite struct InvocationStatsTallyTests {
    let app = UUID()
    /// The start of an hour (500,000 hours after 1970).
    let hour = Date(timeIntervalSince1970: 1_800_000_000)

    func record(_ function: String, minute: Double, milliseconds: Double?, status: InvocationRecord.Status) -> InvocationRecord {
        InvocationRecord(
            appID: app,
            functionName: function,
            trigger: "queue",
            startedAt: hour.addingTimeInterval(minute * 60),
            durationMilliseconds: milliseconds,
            status: status
        )
    }

    @Test func recordsOfOneFunctionAndHourAddUpInOneGroup() {
        var tally = InvocationStatsTally()
        tally.add(record("Work", minute: 1, milliseconds: 0.5, status: .succeeded))
        tally.add(record("Work", minute: 59, milliseconds: 3, status: .failed))
        tally.add(record("Work", minute: 30, milliseconds: 40_000, status: .timedOut))

        #expect(tally.groups.count == 1)
        let group = tally.groups[0]
        #expect(group.appID == app)
        #expect(group.functionName == "Work")
        #expect(group.hourStart == Int64(hour.timeIntervalSince1970 * 1000))
        #expect(group.invocations == 3)
        #expect(group.failures == 2)
        #expect(group.durationSum == 40_003.5)
        var buckets = [Int64](repeating: 0, count: InvocationHistogram.bucketCount)
        buckets[InvocationHistogram.bucket(milliseconds: 0.5)] += 1
        buckets[InvocationHistogram.bucket(milliseconds: 3)] += 1
        buckets[InvocationHistogram.bucketCount - 1] += 1
        #expect(group.buckets == buckets)
    }

    @Test func anotherFunctionOrHourIsAnotherGroupInFirstSeenOrder() {
        var tally = InvocationStatsTally()
        tally.add(record("Work", minute: 1, milliseconds: 1, status: .succeeded))
        tally.add(record("Other", minute: 2, milliseconds: 1, status: .succeeded))
        tally.add(record("Work", minute: 61, milliseconds: 1, status: .succeeded))
        tally.add(record("Work", minute: 3, milliseconds: 1, status: .succeeded))

        #expect(tally.groups.map(\.functionName) == ["Work", "Other", "Work"])
        #expect(tally.groups.map(\.invocations) == [2, 1, 1])
        #expect(tally.groups[2].hourStart - tally.groups[0].hourStart == 3_600_000)
    }

    @Test func aCallWithoutDurationCountsAsInvocationAndFailureOnly() {
        var tally = InvocationStatsTally()
        #expect(tally.isEmpty)
        tally.add(record("Work", minute: 1, milliseconds: nil, status: .abandoned))

        #expect(tally.groups[0].invocations == 1)
        #expect(tally.groups[0].failures == 1)
        #expect(tally.groups[0].durationSum == 0)
        #expect(tally.groups[0].buckets.allSatisfy { $0 == 0 })
    }
}
