import Foundation

/// Encodes TDS 7.4 response tokens ([MS-TDS] 2.2.7) for the test peer.
enum TDSPeerTokens {
    static let collation: [UInt8] = [0x09, 0x04, 0xD0, 0x00, 0x34]  // Latin1_General_CI_AS

    static func envChange(_ w: inout TDSPeerWriter, type: UInt8, new: String, old: String) {
        var body = TDSPeerWriter()
        body.u8(type)
        body.bVarchar(new)
        body.bVarchar(old)
        w.u8(0xE3)
        w.le(UInt16(body.bytes.count))
        w.raw(body.bytes)
    }

    static func collationChange(_ w: inout TDSPeerWriter) {
        w.u8(0xE3)
        w.le(UInt16(1 + 1 + 5 + 1))
        w.u8(7)
        w.u8(5)
        w.raw(collation)
        w.u8(0)
    }

    static func loginAck(_ w: inout TDSPeerWriter) {
        var body = TDSPeerWriter()
        body.u8(1)  // SQL interface
        body.raw([0x74, 0x00, 0x00, 0x04])  // TDS 7.4
        body.bVarchar("Hearth TDS test peer")
        body.raw([15, 0, 0x07, 0xD0])
        w.u8(0xAD)
        w.le(UInt16(body.bytes.count))
        w.raw(body.bytes)
    }

    static func message(_ w: inout TDSPeerWriter, token: UInt8, number: Int, state: UInt8 = 1, severity: UInt8, text: String) {
        var body = TDSPeerWriter()
        body.le(Int32(number))
        body.u8(state)
        body.u8(severity)
        body.usVarchar(text)
        body.bVarchar("hearth-peer")
        body.bVarchar("")
        body.le(Int32(1))
        w.u8(token)
        w.le(UInt16(body.bytes.count))
        w.raw(body.bytes)
    }

    static func done(_ w: inout TDSPeerWriter, token: UInt8 = 0xFD, status: UInt16, rowCount: Int = 0) {
        w.u8(token)
        w.le(status)
        w.le(UInt16(0xC1))
        w.le(UInt64(rowCount))
    }

    static func typeInfo(_ w: inout TDSPeerWriter, _ type: TDSPeerType) {
        switch type {
        case .intN(let size):
            w.u8(0x26)
            w.u8(size)
        case .bitN:
            w.u8(0x68)
            w.u8(1)
        case .floatN:
            w.u8(0x6D)
            w.u8(8)
        case .guid:
            w.u8(0x24)
            w.u8(16)
        case .nvarchar(let max):
            w.u8(0xE7)
            w.le(max)
            w.raw(collation)
        case .varchar(let max):
            w.u8(0xA7)
            w.le(max)
            w.raw(collation)
        case .varbinary(let max):
            w.u8(0xA5)
            w.le(max)
        case .datetime2(let scale):
            w.u8(0x2A)
            w.u8(scale)
        }
    }

    static func columns(_ w: inout TDSPeerWriter, _ columns: [TDSPeerColumn]) {
        w.u8(0x81)
        w.le(UInt16(columns.count))
        for column in columns {
            w.le(UInt32(0))  // user type
            w.le(UInt16(0x0001))  // nullable
            typeInfo(&w, column.type)
            w.bVarchar(column.name)
        }
    }

    static func row(_ w: inout TDSPeerWriter, _ columns: [TDSPeerColumn], _ values: [TDSPeerValue]) {
        w.u8(0xD1)
        for (column, value) in zip(columns, values) { self.value(&w, column.type, value) }
    }

    static func value(_ w: inout TDSPeerWriter, _ type: TDSPeerType, _ value: TDSPeerValue) {
        if type.isPLP {
            let data: [UInt8]?
            switch value {
            case .null: data = nil
            case .text(let s): data = type == .varbinary(maxBytes: 0xFFFF) ? Array(s.utf8) : TDSPeerWriter.utf16(s)
            case .binary(let b): data = b
            default: data = nil
            }
            guard let data else { return w.le(UInt64.max) }
            w.le(UInt64(data.count))
            var offset = 0
            while offset < data.count {  // chunks of 8,000 bytes, as SQL Server sends them
                let n = min(8000, data.count - offset)
                w.le(UInt32(n))
                w.raw(Array(data[offset..<offset + n]))
                offset += n
            }
            w.le(UInt32(0))
            return
        }
        switch (type, value) {
        case (.nvarchar, .null), (.varchar, .null), (.varbinary, .null): w.le(UInt16(0xFFFF))
        case (_, .null): w.u8(0)
        case (.intN(let size), .int(let v)):
            w.u8(size)
            if size == 8 { w.le(v) } else if size == 4 { w.le(Int32(v)) } else if size == 2 { w.le(Int16(v)) } else { w.u8(UInt8(v)) }
        case (.bitN, .bit(let v)):
            w.u8(1)
            w.u8(v ? 1 : 0)
        case (.floatN, .float(let v)):
            w.u8(8)
            w.le(v.bitPattern)
        case (.guid, .guid(let b)):
            w.u8(16)
            w.raw(b)
        case (.nvarchar, .text(let s)):
            let b = TDSPeerWriter.utf16(s)
            w.le(UInt16(b.count))
            w.raw(b)
        case (.varchar, .text(let s)):
            let b = Array(s.utf8)
            w.le(UInt16(b.count))
            w.raw(b)
        case (.varbinary, .binary(let b)):
            w.le(UInt16(b.count))
            w.raw(b)
        case (.datetime2, .datetime2(let ticks, let days)):
            w.u8(8)
            for i in 0..<5 { w.u8(UInt8((ticks >> (8 * UInt64(i))) & 0xFF)) }
            for i in 0..<3 { w.u8(UInt8((days >> (8 * i)) & 0xFF)) }
        default:
            preconditionFailure("test peer: value \(value) does not fit column type \(type)")
        }
    }
}
