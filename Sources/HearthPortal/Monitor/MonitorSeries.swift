import Foundation
import HearthCore

/// The monitor's per-function series over a range of hours, as the chart (JSON) and the table
/// without Chart.js show them: each function's counts and estimated duration percentiles per hour,
/// every hour of the range present (zero when nothing ran).
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

    /// The start of every hour of the range, oldest first (ISO 8601, UTC).
    var hours: [String]
    var functions: [Function]

    init(_ stats: [InvocationStats], since: Date, until: Date) {
        let first = InvocationStats.hour(of: since)
        var starts: [Date] = []
        var hour = first
        while hour < until {
            starts.append(hour)
            hour = hour.addingTimeInterval(3600)
        }
        hours = starts.map(UTCTimestamp.iso8601)
        let index = Dictionary(uniqueKeysWithValues: starts.enumerated().map { ($1, $0) })
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
            for row in rows {
                function.total += row.invocations
                function.totalFailures += row.failures
                for (bucket, count) in row.histogram.enumerated() where bucket < histogram.count { histogram[bucket] += count }
                guard let i = index[row.hour] else { continue }
                function.invocations[i] += row.invocations
                function.failures[i] += row.failures
                function.p50[i] = row.percentile(0.5)
                function.p95[i] = row.percentile(0.95)
                function.p99[i] = row.percentile(0.99)
            }
            function.totalP50 = InvocationHistogram.percentile(0.5, of: histogram)
            function.totalP95 = InvocationHistogram.percentile(0.95, of: histogram)
            function.totalP99 = InvocationHistogram.percentile(0.99, of: histogram)
            return function
        }
    }
}
