/// Comparison of secrets (tokens, codes) whose time does not depend on where they differ.
enum ConstantTime {
    /// Whether `a` and `b` hold the same bytes. The loop always runs over the whole of `a`; only a
    /// difference in length (which is not secret: every token of a kind has the same length) ends early.
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices {
            difference |= a[index] ^ b[index]
        }
        return difference == 0
    }
}
