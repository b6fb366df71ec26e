/// The fixed duration buckets of the invocation statistics, and percentiles estimated from them.
///
/// Bucket `i` counts durations above `bounds[i - 1]` (0 for the first) and at most `bounds[i]`
/// milliseconds; the last bucket counts everything above the last bound. The store keeps one
/// column per bucket (`le_1` … `le_30000`, `le_inf`), so the bounds never change.
public enum InvocationHistogram {
    /// Upper bounds in milliseconds; a final unbounded bucket follows.
    public static let bounds: [Double] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 30000]

    /// The number of buckets (the bounds and the unbounded one).
    public static var bucketCount: Int { bounds.count + 1 }

    /// The bucket a duration falls in.
    public static func bucket(milliseconds: Double) -> Int {
        bounds.firstIndex { milliseconds <= $0 } ?? bounds.count
    }

    /// The `quantile` (0…1) of the durations counted in `counts`, interpolated linearly inside its
    /// bucket; the unbounded bucket answers its lower bound. `nil` when nothing was counted.
    public static func percentile(_ quantile: Double, of counts: [Int64]) -> Double? {
        let total = counts.reduce(0, +)
        guard total > 0 else { return nil }
        let rank = max(1, (quantile * Double(total)).rounded(.up))
        var seen: Int64 = 0
        for (index, count) in counts.enumerated() where count > 0 {
            if Double(seen + count) >= rank {
                let lower = index == 0 ? 0 : bounds[index - 1]
                guard index < bounds.count else { return lower }
                let within = (rank - Double(seen)) / Double(count)
                return lower + (bounds[index] - lower) * within
            }
            seen += count
        }
        return bounds.last
    }
}
