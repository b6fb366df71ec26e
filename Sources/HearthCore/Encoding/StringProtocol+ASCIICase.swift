extension StringProtocol {
    /// Whether this and `other` are the same text in any ASCII letter case, as HTTP compares field
    /// names (`Content-Length` and `content-length`); other characters must match exactly. Allocates
    /// nothing, unlike comparing `lowercased()` copies; texts of different lengths in UTF-8 are told
    /// apart by their lengths alone. Inlinable, so that callers in other modules get it specialised
    /// (unspecialised, walking two generic UTF-8 views cost over a thousand instructions a comparison),
    /// and compared through the two texts' contiguous bytes when they have them (native strings and
    /// their substrings, i.e. every text on Linux: the view walk after it is for other
    /// `StringProtocol` texts only): walking even specialised UTF-8 views cost ~70 instructions a byte.
    @inlinable
    public func equalsIgnoringASCIICase(_ other: some StringProtocol) -> Bool {
        let text = utf8
        let other = other.utf8
        guard text.count == other.count else { return false }
        let contiguous = text.withContiguousStorageIfAvailable { a in
            other.withContiguousStorageIfAvailable { b in asciiCaseInsensitiveEqual(a, b, count: a.count) }
        }
        if let contiguous, let equal = contiguous { return equal }
        return text.elementsEqual(other) { $0 == $1 || asciiLowercased($0) == asciiLowercased($1) }
    }

    /// Whether this text starts with `prefix`, compared as ``equalsIgnoringASCIICase(_:)`` does.
    @inlinable
    public func hasPrefixIgnoringASCIICase(_ prefix: some StringProtocol) -> Bool {
        let text = utf8
        let prefix = prefix.utf8
        guard text.count >= prefix.count else { return false }
        let contiguous = text.withContiguousStorageIfAvailable { a in
            prefix.withContiguousStorageIfAvailable { b in asciiCaseInsensitiveEqual(a, b, count: b.count) }
        }
        if let contiguous, let equal = contiguous { return equal }
        return text.prefix(prefix.count).elementsEqual(prefix) { $0 == $1 || asciiLowercased($0) == asciiLowercased($1) }
    }
}

/// Whether the first `count` bytes of `a` and `b` (each holds at least that many) are equal in any
/// ASCII letter case.
@inlinable
func asciiCaseInsensitiveEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, count: Int) -> Bool {
    var i = 0
    while i < count {
        let x = a[i]
        let y = b[i]
        if x != y && asciiLowercased(x) != asciiLowercased(y) { return false }
        i &+= 1
    }
    return true
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
