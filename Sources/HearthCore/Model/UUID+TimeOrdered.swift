public import Foundation

extension UUID {
    /// A version 7 UUID (RFC 9562 §5.7): 48 bits of Unix time in milliseconds, then 74 random
    /// bits. Ids made later sort later (as bytes and as ``uuidString``), so an index on them grows
    /// at its end instead of touching a random page per insert — what keeps the invocation log's
    /// writes small at thousands of rows a second.
    public static func timeOrdered(at date: Date = Date()) -> UUID {
        let milliseconds = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        func byte(_ value: UInt64, _ shift: UInt64) -> UInt8 { UInt8(truncatingIfNeeded: value >> shift) }
        return UUID(uuid: (
            byte(milliseconds, 40), byte(milliseconds, 32), byte(milliseconds, 24), byte(milliseconds, 16),
            byte(milliseconds, 8), byte(milliseconds, 0),
            0x70 | (byte(high, 8) & 0x0F), byte(high, 0),  // version 7, 12 random bits
            0x80 | (byte(low, 56) & 0x3F), byte(low, 48),  // variant 10, 62 random bits
            byte(low, 40), byte(low, 32), byte(low, 24), byte(low, 16), byte(low, 8), byte(low, 0)
        ))
    }
}

extension UUID {
    /// A version 4 (random) UUID from the system's generator, as `UUID()` makes, without opening
    /// `/dev/urandom` for each one (what `UUID()` does on Linux: three system calls per id).
    public static func random() -> UUID {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        func byte(_ value: UInt64, _ shift: UInt64) -> UInt8 { UInt8(truncatingIfNeeded: value >> shift) }
        return UUID(uuid: (
            byte(high, 56), byte(high, 48), byte(high, 40), byte(high, 32), byte(high, 24), byte(high, 16),
            0x40 | (byte(high, 8) & 0x0F), byte(high, 0),  // version 4
            0x80 | (byte(low, 56) & 0x3F), byte(low, 48),  // variant 10
            byte(low, 40), byte(low, 32), byte(low, 24), byte(low, 16), byte(low, 8), byte(low, 0)
        ))
    }
}
