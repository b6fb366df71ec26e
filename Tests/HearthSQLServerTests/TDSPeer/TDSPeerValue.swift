import Foundation

/// A value as the TDS test peer decodes it from an RPC parameter or encodes it into a row.
enum TDSPeerValue: Equatable, Sendable {
    case null
    case int(Int64)
    case bit(Bool)
    case float(Double)
    /// GUID in wire order (first three fields little-endian).
    case guid([UInt8])
    case text(String)
    case binary([UInt8])
    /// DATETIME2 with scale 7: 100 ns ticks since midnight, days since 0001-01-01.
    case datetime2(ticks: UInt64, days: Int)
}

/// The wire type of a parameter or column (TDS 7.4 type codes).
enum TDSPeerType: Equatable, Sendable {
    case intN(size: UInt8)  // 0x26
    case bitN  // 0x68
    case floatN  // 0x6D
    case guid  // 0x24
    case nvarchar(maxBytes: UInt16)  // 0xE7, 0xFFFF = MAX (PLP)
    case varbinary(maxBytes: UInt16)  // 0xA5, 0xFFFF = MAX (PLP)
    case varchar(maxBytes: UInt16)  // 0xA7
    case datetime2(scale: UInt8)  // 0x2A

    var isPLP: Bool {
        switch self {
        case .nvarchar(let m), .varbinary(let m), .varchar(let m): m == 0xFFFF
        default: false
        }
    }
}

/// One RPC parameter as the peer received it.
struct TDSPeerParameter: Equatable, Sendable {
    var name: String
    var type: TDSPeerType
    var value: TDSPeerValue
}

/// What a client asked: a SQL batch, or an RPC (for `sp_executesql`, `sql` is `@stmt` and
/// `parameters` excludes `@stmt` and `@params`).
struct TDSPeerRequest: Sendable {
    var isRPC: Bool
    var procedure: String
    var sql: String
    var declaration: String?
    var parameters: [TDSPeerParameter]
}

/// A column of a result set the peer sends.
struct TDSPeerColumn: Sendable {
    var name: String
    var type: TDSPeerType
}

/// What the peer answers with, in order; a final DONE (or DONEPROC) is added.
enum TDSPeerReply: Sendable {
    case rows([TDSPeerColumn], [[TDSPeerValue]])
    case done(rowCount: Int)
    case info(number: Int, message: String)
    case error(number: Int, severity: UInt8, message: String)
    /// Close the socket now, without answering: a connection dropped mid-query.
    case drop
    /// Wait before answering (for timeouts).
    case delay(Duration)
}
