import Foundation

/// Decodes SQL batch and RPC requests ([MS-TDS] 2.2.6.6, 2.2.6.7) for the test peer.
enum TDSPeerRPCDecoder {
    struct Unsupported: Error, CustomStringConvertible {
        var description: String
    }

    static func skipAllHeaders(_ r: inout TDSPeerReader) throws {
        let total = try r.le(UInt32.self)
        _ = try r.take(Int(total) - 4)
    }

    static func batch(_ payload: [UInt8]) throws -> TDSPeerRequest {
        var r = TDSPeerReader(payload)
        try skipAllHeaders(&r)
        let sql = try r.ucs2(chars: r.remaining / 2)
        return TDSPeerRequest(isRPC: false, procedure: "", sql: sql, declaration: nil, parameters: [])
    }

    static func rpc(_ payload: [UInt8]) throws -> TDSPeerRequest {
        var r = TDSPeerReader(payload)
        try skipAllHeaders(&r)
        let nameLength = try r.le(UInt16.self)
        let procedure: String
        if nameLength == 0xFFFF {
            let id = try r.le(UInt16.self)
            procedure = id == 10 ? "sp_executesql" : "proc#\(id)"
        } else {
            procedure = try r.ucs2(chars: Int(nameLength))
        }
        _ = try r.le(UInt16.self)  // option flags
        var parameters: [TDSPeerParameter] = []
        while r.remaining > 0 {
            let name = try r.bVarchar()
            _ = try r.u8()  // status
            let type = try typeInfo(&r)
            let value = try self.value(&r, type)
            parameters.append(TDSPeerParameter(name: name, type: type, value: value))
        }
        var request = TDSPeerRequest(isRPC: true, procedure: procedure, sql: "", declaration: nil, parameters: parameters)
        if procedure == "sp_executesql" {
            if case .text(let s) = parameters.first?.value { request.sql = s }
            if parameters.count > 1, case .text(let d) = parameters[1].value { request.declaration = d }
            request.parameters = Array(parameters.dropFirst(min(2, parameters.count)))
        }
        return request
    }

    static func typeInfo(_ r: inout TDSPeerReader) throws -> TDSPeerType {
        let code = try r.u8()
        switch code {
        case 0x26: return .intN(size: try r.u8())
        case 0x68:
            _ = try r.u8()
            return .bitN
        case 0x6D:
            _ = try r.u8()
            return .floatN
        case 0x24:
            _ = try r.u8()
            return .guid
        case 0xE7:
            let max = try r.le(UInt16.self)
            _ = try r.take(5)
            return .nvarchar(maxBytes: max)
        case 0xA7:
            let max = try r.le(UInt16.self)
            _ = try r.take(5)
            return .varchar(maxBytes: max)
        case 0xA5, 0xAD: return .varbinary(maxBytes: try r.le(UInt16.self))  // VARBINARY, BINARY
        case 0x2A: return .datetime2(scale: try r.u8())
        default: throw Unsupported(description: String(format: "test peer: parameter type 0x%02X is not implemented", code))
        }
    }

    static func value(_ r: inout TDSPeerReader, _ type: TDSPeerType) throws -> TDSPeerValue {
        if type.isPLP {
            let total = try r.le(UInt64.self)
            if total == UInt64.max { return .null }
            var data: [UInt8] = []
            while true {
                let chunk = try r.le(UInt32.self)
                if chunk == 0 { break }
                data += try r.take(Int(chunk))
            }
            if case .varbinary = type { return .binary(data) }
            if case .varchar = type { return .text(String(decoding: data, as: UTF8.self)) }
            var text = TDSPeerReader(data)
            return .text(try text.ucs2(chars: data.count / 2))
        }
        switch type {
        case .nvarchar, .varchar, .varbinary:
            let length = try r.le(UInt16.self)
            if length == 0xFFFF { return .null }
            let data = try r.take(Int(length))
            if case .varbinary = type { return .binary(data) }
            if case .varchar = type { return .text(String(decoding: data, as: UTF8.self)) }
            var text = TDSPeerReader(data)
            return .text(try text.ucs2(chars: data.count / 2))
        default:
            let length = Int(try r.u8())
            if length == 0 { return .null }
            let data = try r.take(length)
            var d = TDSPeerReader(data)
            switch type {
            case .intN:
                switch length {
                case 1: return .int(Int64(try d.u8()))
                case 2: return .int(Int64(try d.le(Int16.self)))
                case 4: return .int(Int64(try d.le(Int32.self)))
                default: return .int(try d.le(Int64.self))
                }
            case .bitN: return .bit(data[0] != 0)
            case .floatN: return .float(length == 8 ? Double(bitPattern: try d.le(UInt64.self)) : Double(Float(bitPattern: try d.le(UInt32.self))))
            case .guid: return .guid(data)
            case .datetime2(let scale):
                let timeBytes = length - 3
                var ticks: UInt64 = 0
                for i in 0..<timeBytes { ticks |= UInt64(data[i]) << (8 * UInt64(i)) }
                for _ in Int(scale)..<7 { ticks *= 10 }
                let days = Int(data[timeBytes]) | Int(data[timeBytes + 1]) << 8 | Int(data[timeBytes + 2]) << 16
                return .datetime2(ticks: ticks, days: days)
            default: throw Unsupported(description: "test peer: unexpected type \(type)")
            }
        }
    }
}
