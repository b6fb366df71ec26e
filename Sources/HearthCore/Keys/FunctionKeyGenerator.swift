/// Generates function, host, system and master key values in the Functions host's format.
///
/// A key is 40 random bytes from the system's secure generator, encoded as URL-safe base64 with
/// padding (`-` and `_` instead of `+` and `/`): 56 characters.
///
/// ```swift
/// let key = FunctionKeyGenerator.generate()  // e.g. "q2x…_A=="
/// ```
public enum FunctionKeyGenerator {
    /// A new random key value (56 characters).
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(40)
        for _ in 0..<5 {
            withUnsafeBytes(of: generator.next() as UInt64) { bytes.append(contentsOf: $0) }
        }
        return Base64URL.encode(bytes, padded: true)
    }
}
