package import Foundation

/// A value Hearth sends to SQL Server as an RPC parameter or reads back from a result row.
///
/// Every case carries its SQL type even when the value is `nil`, so a NULL parameter still has a
/// declared type in `sp_executesql`'s parameter list.
package enum SQLValue: Sendable, Hashable {
    /// NVARCHAR: full Unicode (sent as UTF-16, characters outside the BMP included).
    case string(String?)
    /// INT
    case int32(Int32?)
    /// BIGINT
    case int64(Int64?)
    /// BIT
    case bool(Bool?)
    /// DATETIME2(7), UTC.
    case date(Date?)
    /// UNIQUEIDENTIFIER
    case uuid(UUID?)
    /// VARBINARY (MAX when longer than 8,000 bytes).
    case bytes(Data?)
    /// FLOAT (8 bytes)
    case double(Double?)

    /// True for any case holding `nil`.
    package var isNull: Bool {
        switch self {
        case .string(let v): v == nil
        case .int32(let v): v == nil
        case .int64(let v): v == nil
        case .bool(let v): v == nil
        case .date(let v): v == nil
        case .uuid(let v): v == nil
        case .bytes(let v): v == nil
        case .double(let v): v == nil
        }
    }

    /// The type as `sp_executesql` declares it (`@p nvarchar(4000)`).
    var declaredType: String {
        switch self {
        case .string(let v): (v?.utf16.count ?? 0) > 4000 ? "nvarchar(max)" : "nvarchar(4000)"
        case .int32: "int"
        case .int64: "bigint"
        case .bool: "bit"
        case .date: "datetime2(7)"
        case .uuid: "uniqueidentifier"
        case .bytes(let v): (v?.count ?? 0) > 8000 ? "varbinary(max)" : "varbinary(8000)"
        case .double: "float"
        }
    }
}
