import HearthCore

extension InvocationHistogram {
    /// The statistics table's column per bucket (Migrations/*/0007_invocation_stats.sql).
    static let columnNames: [String] = bounds.map { "le_\(Int($0))" } + ["le_inf"]
}
