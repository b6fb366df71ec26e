extension StringProtocol {
    /// Whether this and `other` are the same text in any ASCII letter case, as HTTP compares field
    /// names (`Content-Length` and `content-length`); other characters must match exactly. Allocates
    /// nothing, unlike comparing `lowercased()` copies, and reads no further than the first difference.
    public func equalsIgnoringASCIICase(_ other: some StringProtocol) -> Bool {
        Self.compareIgnoringASCIICase(utf8, other.utf8, prefixOnly: false)
    }

    /// Whether this text starts with `prefix`, compared as ``equalsIgnoringASCIICase(_:)`` does.
    public func hasPrefixIgnoringASCIICase(_ prefix: some StringProtocol) -> Bool {
        Self.compareIgnoringASCIICase(utf8, prefix.utf8, prefixOnly: true)
    }

    /// Compares the bytes of `text` with those of `other`: all of them, or (`prefixOnly`) until `other` ends.
    private static func compareIgnoringASCIICase(_ text: some Sequence<UInt8>, _ other: some Sequence<UInt8>, prefixOnly: Bool) -> Bool {
        var a = text.makeIterator()
        var b = other.makeIterator()
        while true {
            switch (a.next(), b.next()) {
            case (nil, nil): return true
            case (_?, nil): return prefixOnly
            case (let x?, let y?) where x == y || asciiLower(x) == asciiLower(y): continue
            default: return false
            }
        }
    }

    private static func asciiLower(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }
}
