import Foundation
import HearthCore

/// The monitor's per-function series over a range of hours, as the chart (JSON) and the table
/// without Chart.js show them: each function's counts and estimated duration percentiles per period
/// (an hour, or a day for the table of a long range), every period of the range present (zero when
/// nothing ran). A period's percentiles come from the merged histograms of its hours.
struct MonitorSeries: Codable, Equatable {
    struct Function: Codable, Equatable {
        var name: String
        var invocations: [Int64]
        var failures: [Int64]
        var p50: [Double?]
        var p95: [Double?]
        var p99: [Double?]
        /// Over the whole range.
        var total: Int64
        var totalFailures: Int64
        var totalP50: Double?
        var totalP95: Double?
        var totalP99: Double?
    }

    /// The start of every period of the range, oldest first (ISO 8601, UTC). The name stays `hours`
    /// in the JSON the chart reads, whose periods are always hours.
    var hours: [String]
    var functions: [Function]

    /// - Parameter hoursPerPeriod: 1 for the chart; 24 for a day per row.
    init(_ stats: [InvocationStats], since: Date, until: Date, hoursPerPeriod: Int = 1) {
        let first = InvocationStats.hour(of: since)
        let length = TimeInterval(3600 * max(1, hoursPerPeriod))
        var starts: [Date] = []
        var period = first
        while period < until {
            starts.append(period)
            period = period.addingTimeInterval(length)
        }
        hours = starts.map(UTCTimestamp.iso8601)
        func periodIndex(_ hour: Date) -> Int? {
            guard hour >= first else { return nil }
            let i = Int(hour.timeIntervalSince(first) / length)
            return i < starts.count ? i : nil
        }
        var byName: [String: [InvocationStats]] = [:]
        var order: [String] = []
        for row in stats {
            let key = row.functionName.lowercased()
            if byName[key] == nil { order.append(key) }
            byName[key, default: []].append(row)
        }
        functions = order.map { key in
            let rows = byName[key] ?? []
            var function = Function(
                name: rows.first?.functionName ?? key,
                invocations: Array(repeating: 0, count: starts.count),
                failures: Array(repeating: 0, count: starts.count),
                p50: Array(repeating: nil, count: starts.count),
                p95: Array(repeating: nil, count: starts.count),
                p99: Array(repeating: nil, count: starts.count),
                total: 0,
                totalFailures: 0
            )
            var histogram = Array(repeating: Int64(0), count: InvocationHistogram.bucketCount)
            var periodHistograms: [Int: [Int64]] = [:]
            for row in rows {
                function.total += row.invocations
                function.totalFailures += row.failures
                Self.add(row.histogram, to: &histogram)
                guard let i = periodIndex(row.hour) else { continue }
                function.invocations[i] += row.invocations
                function.failures[i] += row.failures
                Self.add(row.histogram, to: &periodHistograms[i, default: Array(repeating: 0, count: InvocationHistogram.bucketCount)])
            }
            for (i, counts) in periodHistograms {
                function.p50[i] = InvocationHistogram.percentile(0.5, of: counts)
                function.p95[i] = InvocationHistogram.percentile(0.95, of: counts)
                function.p99[i] = InvocationHistogram.percentile(0.99, of: counts)
            }
            function.totalP50 = InvocationHistogram.percentile(0.5, of: histogram)
            function.totalP95 = InvocationHistogram.percentile(0.95, of: histogram)
            function.totalP99 = InvocationHistogram.percentile(0.99, of: histogram)
            return function
        }
    }

    private static func add(_ counts: [Int64], to total: inout [Int64]) {
        for (bucket, count) in counts.enumerated() where bucket < total.count { total[bucket] += count }
    }
}
