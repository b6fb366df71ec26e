/// Tests on eight bytes at once (SWAR, "SIMD within a register"), for scans that look for a rare
/// byte in text that mostly has none: a JSON string's bytes that need an escape, a field value's
/// control bytes. Each test is exact about whether such a byte is in the word (the classic "has a
/// zero byte" rule: a byte below `n` sets its top bit in the borrow of the subtraction, and a
/// higher byte's borrow only ever follows a lower byte that matched); which byte it is, a scan
/// finds byte by byte.
public enum ByteWord {
    @usableFromInline static let ones: UInt64 = 0x0101_0101_0101_0101
    @usableFromInline static let tops: UInt64 = 0x8080_8080_8080_8080

    /// The eight bytes at `pointer` (any alignment), the first in the low byte.
    @inlinable @inline(__always)
    public static func load(_ pointer: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self))
    }

    /// The top bit of each byte of `word` below `limit` (at most 0x80) set, and possibly of a
    /// byte after one of those (the borrow); zero exactly when no byte is below `limit`.
    @inlinable @inline(__always)
    public static func bytes(of word: UInt64, below limit: UInt8) -> UInt64 {
        (word &- ones &* UInt64(limit)) & ~word & tops
    }

    /// The top bit of each byte of `word` equal to `byte` set (and possibly of a byte after one);
    /// zero exactly when no byte is `byte`.
    @inlinable @inline(__always)
    public static func bytes(of word: UInt64, equalTo byte: UInt8) -> UInt64 {
        let difference = word ^ (ones &* UInt64(byte))
        return (difference &- ones) & ~difference & tops
    }

    /// Whether a byte of `word` is below `limit` (at most 0x80).
    @inlinable @inline(__always)
    public static func hasByte(_ word: UInt64, below limit: UInt8) -> Bool {
        bytes(of: word, below: limit) != 0
    }

    /// Whether a byte of `word` is `byte`.
    @inlinable @inline(__always)
    public static func hasByte(_ word: UInt64, equalTo byte: UInt8) -> Bool {
        bytes(of: word, equalTo: byte) != 0
    }
}
