extension StringProtocol {
    /// Whether this and `other` are the same text in any ASCII letter case, as HTTP compares field
    /// names (`Content-Length` and `content-length`); other characters must match exactly. Allocates
    /// nothing, unlike comparing `lowercased()` copies; texts of different lengths in UTF-8 are told
    /// apart by their lengths alone. Inlinable, so that callers in other modules get it specialised
    /// (unspecialised, walking two generic UTF-8 views cost over a thousand instructions a comparison).
    @inlinable
    public func equalsIgnoringASCIICase(_ other: some StringProtocol) -> Bool {
        let text = utf8
        let other = other.utf8
        guard text.count == other.count else { return false }
        return text.elementsEqual(other) { $0 == $1 || asciiLowercased($0) == asciiLowercased($1) }
    }

    /// Whether this text starts with `prefix`, compared as ``equalsIgnoringASCIICase(_:)`` does.
    @inlinable
    public func hasPrefixIgnoringASCIICase(_ prefix: some StringProtocol) -> Bool {
        let text = utf8
        let prefix = prefix.utf8
        guard text.count >= prefix.count else { return false }
        return text.prefix(prefix.count).elementsEqual(prefix) { $0 == $1 || asciiLowercased($0) == asciiLowercased($1) }
    }
}

/// `byte` with an ASCII capital letter made small; every other byte as it is.
@inlinable
public func asciiLowercased(_ byte: UInt8) -> UInt8 {
    byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
}

extension String {
    /// `lowercased()`, without making a copy when nothing would change: text that is all ASCII and
    /// has no capital letter (host names and app names as clients send them) is returned as it is.
    @inlinable
    public func lowercasedIfNeeded() -> String {
        utf8.contains { $0 >= 0x80 || ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) } ? lowercased() : self
    }
}
