/// Comparison of secrets (function keys, tokens, TOTP codes, CSRF tokens) whose running time depends
/// only on the lengths, not on where the bytes differ.
public enum ConstantTime {
    /// Whether `a` and `b` hold the same bytes. The loop runs over the longer of the two whatever
    /// their contents, so a guess learns nothing from how long a comparison took.
    public static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference: UInt8 = a.count == b.count ? 0 : 1
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }
}
