import Foundation

/// Little-endian byte reading for the TDS test peer (test fixture, not product code).
struct TDSPeerReader {
    var bytes: [UInt8]
    var offset = 0

    struct Underflow: Error {}

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }

    mutating func u8() throws -> UInt8 {
        guard offset < bytes.count else { throw Underflow() }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func take(_ n: Int) throws -> [UInt8] {
        guard n >= 0, offset + n <= bytes.count else { throw Underflow() }
        defer { offset += n }
        return Array(bytes[offset..<offset + n])
    }

    mutating func le<T: FixedWidthInteger>(_: T.Type) throws -> T {
        let raw = try take(MemoryLayout<T>.size)
        return raw.reversed().reduce(T.zero) { ($0 << 8) | T($1) }
    }

    mutating func ucs2(chars: Int) throws -> String {
        let raw = try take(chars * 2)
        let units = stride(from: 0, to: raw.count, by: 2).map { UInt16(raw[$0]) | UInt16(raw[$0 + 1]) << 8 }
        return String(decoding: units, as: UTF16.self)
    }

    /// B_VARCHAR: a byte of character count, then UTF-16LE.
    mutating func bVarchar() throws -> String { try ucs2(chars: Int(u8())) }
}

/// Little-endian byte writing for the TDS test peer.
struct TDSPeerWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func le<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func be16(_ v: UInt16) {
        bytes.append(UInt8(v >> 8))
        bytes.append(UInt8(v & 0xFF))
    }
    mutating func raw(_ v: [UInt8]) { bytes.append(contentsOf: v) }

    static func utf16(_ s: String) -> [UInt8] { s.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }

    mutating func bVarchar(_ s: String) {
        u8(UInt8(s.utf16.count))
        raw(Self.utf16(s))
    }

    mutating func usVarchar(_ s: String) {
        le(UInt16(s.utf16.count))
        raw(Self.utf16(s))
    }
}
