internal import CFreeTDS
import Foundation

/// One `sp_executesql` remote procedure call under construction: the statement, its parameter
/// declarations and every value, bound with `dbrpcparam` from memory that stays valid until
/// `dbrpcsend` has copied it (db-lib keeps the pointers, not the bytes).
///
/// Encoding, per FreeTDS 1.3 (src/dblib/rpc.c, src/tds/data.c):
/// - text up to 4,000 UTF-8 bytes goes as `SYBVARCHAR`, which db-lib sends as NVARCHAR; longer text
///   as `SYBNTEXT`, sent as NVARCHAR(MAX) (PLP). The login's client charset is UTF-8 and UTF-16 is
///   on, so FreeTDS converts to UTF-16 including surrogate pairs.
/// - bytes up to 8,000 as `SYBVARBINARY`, longer as `SYBIMAGE`, sent as VARBINARY(MAX) (PLP).
/// - `SYBINT4`/`SYBINT8` (sent as INTN), `SYBBIT` (BITN), `SYBFLT8` (FLTN), `SYBBINARY` (16 GUID bytes in SQL Server's order, which
///   the declared UNIQUEIDENTIFIER takes as is), `SYBMSDATETIME2` (a `DBDATETIMEALL`, scale 7).
/// - db-lib treats a zero length as NULL, so an empty string or empty binary is sent as NULL and
///   the statement starts with `SET @name = N'';` (or `0x`): a constant, never a caller's value.
struct RPCCall {
    let statement: String
    let parameters: [(String, SQLValue)]
    private var buffers: [UnsafeMutableRawPointer] = []

    init(statement: String, parameters: [(String, SQLValue)]) {
        self.statement = statement
        self.parameters = parameters
    }

    mutating func deallocate() {
        buffers.forEach { $0.deallocate() }
        buffers.removeAll()
    }

    /// The statement text as sent: the empty-value prologue, then the statement.
    static func text(statement: String, parameters: [(String, SQLValue)]) -> String {
        var prologue = ""
        for (name, value) in parameters {
            switch value {
            case .string(let s?) where s.isEmpty: prologue += "SET @\(name) = N'';\n"
            case .bytes(let d?) where d.isEmpty: prologue += "SET @\(name) = 0x;\n"
            default: break
            }
        }
        return prologue + statement
    }

    /// `@a int, @b nvarchar(4000)`.
    static func declaration(_ parameters: [(String, SQLValue)]) -> String {
        parameters.map { "@\($0.0) \($0.1.declaredType)" }.joined(separator: ", ")
    }

    mutating func bind(to process: OpaquePointer, connection: TDSConnection) throws {
        for (name, _) in parameters {
            precondition(Self.isIdentifier(name), "SQL parameter name '\(name)' must be letters, digits and underscores")
        }
        guard dbrpcinit(process, "sp_executesql", 0) == SUCCEED else {
            throw connection.failure(during: "preparing a statement", sent: false)
        }
        try text(process, "@stmt", Self.text(statement: statement, parameters: parameters), connection)
        if !parameters.isEmpty {
            try text(process, "@params", Self.declaration(parameters), connection)
        }
        for (name, value) in parameters {
            try bind(process, "@" + name, value, connection)
        }
    }

    private mutating func bind(_ process: OpaquePointer, _ name: String, _ value: SQLValue, _ connection: TDSConnection) throws {
        switch value {
        case .string(let s):
            try text(process, name, s, connection)
        case .bytes(let d):
            guard let d, !d.isEmpty else { return try param(process, name, SYBVARBINARY, nil, 0, connection) }
            let buffer = copy(Array(d))
            try param(process, name, d.count > 8000 ? SYBIMAGE : SYBVARBINARY, buffer, d.count, connection)
        case .int32(let v):
            guard var v else { return try param(process, name, SYBINT4, nil, 0, connection) }
            try param(process, name, SYBINT4, copy(&v), 4, connection)
        case .int64(let v):
            guard var v else { return try param(process, name, SYBINT8, nil, 0, connection) }
            try param(process, name, SYBINT8, copy(&v), 8, connection)
        case .bool(let v):
            guard let v else { return try param(process, name, SYBBIT, nil, 0, connection) }
            var byte: UInt8 = v ? 1 : 0
            try param(process, name, SYBBIT, copy(&byte), 1, connection)
        case .double(let v):
            guard var v else { return try param(process, name, SYBFLT8, nil, 0, connection) }
            try param(process, name, SYBFLT8, copy(&v), 8, connection)
        case .uuid(let v):
            guard let v else { return try param(process, name, HEARTH_SYBUNIQUE, nil, 0, connection) }
            // db-lib cannot send a non-NULL SYBUNIQUE: types.csv marks it fixed *and* nullable, so
            // dbrpcparam forces its length to -1 and then rejects it (SYBERPUL). BINARY(16) in
            // SQL Server's byte order converts implicitly, byte for byte, to the declared
            // UNIQUEIDENTIFIER.
            try param(process, name, SYBBINARY, copy(GUIDBytes.wire(v)), 16, connection)
        case .date(let v):
            guard let v else { return try param(process, name, SYBMSDATETIME2, nil, 0, connection) }
            let (time, days) = DateTime2.components(v)
            var value = hearth_datetimeall(time, days)
            let size = Int(hearth_datetimeall_size())
            try param(process, name, SYBMSDATETIME2, copy(&value), size, connection)
        }
    }

    private mutating func text(_ process: OpaquePointer, _ name: String, _ text: String?, _ connection: TDSConnection) throws {
        guard let text, !text.isEmpty else { return try param(process, name, SYBVARCHAR, nil, 0, connection) }
        let bytes = Array(text.utf8)
        try param(process, name, bytes.count > 4000 ? SYBNTEXT : SYBVARCHAR, copy(bytes), bytes.count, connection)
    }

    private func param(
        _ process: OpaquePointer,
        _ name: String,
        _ type: Int,
        _ value: UnsafeMutableRawPointer?,
        _ length: Int,
        _ connection: TDSConnection
    ) throws {
        let status = dbrpcparam(
            process,
            name,
            0,
            Int32(type),
            -1,
            DBINT(length),
            value?.assumingMemoryBound(to: BYTE.self)
        )
        guard status == SUCCEED else { throw connection.failure(during: "binding parameter \(name)", sent: false) }
    }

    private mutating func copy(_ bytes: [UInt8]) -> UnsafeMutableRawPointer {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 8)
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        buffers.append(buffer)
        return buffer
    }

    private mutating func copy<T>(_ value: inout T) -> UnsafeMutableRawPointer {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<T>.size, alignment: 8)
        withUnsafeBytes(of: &value) { buffer.copyMemory(from: $0.baseAddress!, byteCount: MemoryLayout<T>.size) }
        buffers.append(buffer)
        return buffer
    }

    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}
