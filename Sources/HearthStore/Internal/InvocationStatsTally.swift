import Foundation
import HearthCore

/// Finished invocations counted per app, function and hour, so that a batch of the invocation log
/// adds to each of its hours' statistics rows once (Migrations/*/0007_invocation_stats.sql): a
/// failure is a failed, timed-out or abandoned call; a call without a duration (abandoned) counts
/// in `invocations` and `failures` only.
struct InvocationStatsTally: Equatable {
    struct Group: Equatable {
        var appID: UUID
        var functionName: String
        /// The start of the hour, Unix milliseconds.
        var hourStart: Int64
        var invocations: Int64 = 0
        var failures: Int64 = 0
        var durationSum: Double = 0
        /// One count per ``InvocationHistogram`` bucket.
        var buckets = [Int64](repeating: 0, count: InvocationHistogram.bucketCount)
    }

    private struct Key: Hashable {
        var appID: UUID
        var functionName: String
        var hourStart: Int64
    }

    /// In the order their first record was added.
    private(set) var groups: [Group] = []
    private var index: [Key: Int] = [:]
    /// The group the previous record went to.
    private var previous: Int?

    var isEmpty: Bool { groups.isEmpty }

    /// Counts `record` if it is finished (the first row written for an invocation: its end is
    /// counted now, unless it is still running).
    mutating func addEnded(_ record: InvocationRecord) {
        if record.status != .running { add(record) }
    }

    /// Counts `record`, a finished invocation.
    mutating func add(_ record: InvocationRecord) {
        let key = Key(
            appID: record.appID,
            functionName: record.functionName,
            hourStart: InvocationStats.hour(of: record.startedAt).millisecondsSince1970
        )
        let position: Int
        // A batch's records mostly follow each other by app, function and hour: the group of the
        // previous record is compared before the dictionary is hashed.
        if let previous, groups[previous].hourStart == key.hourStart, groups[previous].appID == key.appID,
            groups[previous].functionName == key.functionName
        {
            position = previous
        } else if let found = index[key] {
            position = found
        } else {
            position = groups.count
            index[key] = position
            groups.append(Group(appID: key.appID, functionName: key.functionName, hourStart: key.hourStart))
        }
        previous = position
        groups[position].invocations += 1
        if InvocationStats.isFailure(record.status) { groups[position].failures += 1 }
        if let milliseconds = record.durationMilliseconds {
            groups[position].durationSum += milliseconds
            groups[position].buckets[InvocationHistogram.bucket(milliseconds: milliseconds)] += 1
        }
    }

    static func == (lhs: Self, rhs: Self) -> Bool { lhs.groups == rhs.groups }
}
