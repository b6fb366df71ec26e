import Foundation

/// UNIQUEIDENTIFIER byte order. SQL Server (and FreeTDS's `TDS_UNIQUE` on a little-endian machine)
/// keeps the first three fields little-endian: `00112233-4455-6677-8899-aabbccddeeff` is
/// `33 22 11 00 55 44 77 66 88 99 aa bb cc dd ee ff`. `UUID` keeps them in text order.
enum GUIDBytes {
    static func wire(_ uuid: UUID) -> [UInt8] {
        let b = withUnsafeBytes(of: uuid.uuid) { Array($0) }
        return [b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6]] + b[8..<16]
    }

    static func uuid(wire w: [UInt8]) -> UUID? {
        guard w.count == 16 else { return nil }
        let b = [w[3], w[2], w[1], w[0], w[5], w[4], w[7], w[6]] + w[8..<16]
        return UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
    }
}
