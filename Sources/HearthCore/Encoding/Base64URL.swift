/// Base64 with the URL- and file-name-safe alphabet (RFC 4648 §5: `-` and `_` instead of `+` and
/// `/`): Hearth's one base64 encoder for what it generates (function keys, API tokens).
///
/// ```swift
/// Base64URL.encode([0xFB, 0xFF], padded: true)   // "-_8="
/// Base64URL.encode([0xFB, 0xFF], padded: false)  // "-_8"
/// ```
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// The encoding of `bytes`.
    /// - Parameter padded: Whether the text ends in `=` padding to a multiple of 4 characters.
    public static func encode(_ bytes: [UInt8], padded: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = UInt32(bytes[i])
            let b1 = i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0
            let b2 = i + 2 < bytes.count ? UInt32(bytes[i + 2]) : 0
            let n = b0 << 16 | b1 << 8 | b2
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            if i + 1 < bytes.count {
                out.append(alphabet[Int(n >> 6 & 63)])
            } else if padded {
                out.append(UInt8(ascii: "="))
            }
            if i + 2 < bytes.count {
                out.append(alphabet[Int(n & 63)])
            } else if padded {
                out.append(UInt8(ascii: "="))
            }
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
