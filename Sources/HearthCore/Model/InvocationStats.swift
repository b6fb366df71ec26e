public import Foundation

/// What the invocation statistics hold for one function of an app in one hour: finished calls,
/// failures (failed, timed out, abandoned), the sum of their durations and their durations'
/// histogram (``InvocationHistogram``).
public struct InvocationStats: Sendable, Hashable {
    public var functionName: String
    /// The start of the hour the calls started in.
    public var hour: Date
    public var invocations: Int64
    public var failures: Int64
    public var durationSum: Double
    /// Counts per ``InvocationHistogram`` bucket (abandoned calls have no duration and no bucket).
    public var histogram: [Int64]

    public init(functionName: String, hour: Date, invocations: Int64, failures: Int64, durationSum: Double, histogram: [Int64]) {
        self.functionName = functionName
        self.hour = hour
        self.invocations = invocations
        self.failures = failures
        self.durationSum = durationSum
        self.histogram = histogram
    }

    /// The estimated duration percentile (`quantile` in 0…1) in milliseconds, or `nil` without durations.
    public func percentile(_ quantile: Double) -> Double? { InvocationHistogram.percentile(quantile, of: histogram) }

    /// The start of the hour `date` falls in (UTC).
    public static func hour(of date: Date) -> Date {
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        return Date(timeIntervalSince1970: Double(ms - ((ms % 3_600_000) + 3_600_000) % 3_600_000) / 1000)
    }

    /// Whether a call that ended with `status` counts as a failure.
    public static func isFailure(_ status: InvocationRecord.Status) -> Bool {
        status == .failed || status == .timedOut || status == .abandoned
    }
}

/// Finished calls and failures of one app over a time range (the apps list's counts).
public struct InvocationTotals: Sendable, Hashable {
    public var invocations: Int64
    public var failures: Int64

    public init(invocations: Int64 = 0, failures: Int64 = 0) {
        self.invocations = invocations
        self.failures = failures
    }
}
