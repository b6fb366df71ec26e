internal import CFreeTDS
import Foundation

extension TDSConnection {
    /// Reads every result of the request just sent: rows of every result set, row counts and the
    /// return status. On failure cancels what is left, so the connection can be used again.
    func readResults(_ process: OpaquePointer) throws -> SQLResult {
        var result = SQLResult()
        while true {
            let status = dbresults(process)
            if status == NO_MORE_RESULTS { break }
            guard status == SUCCEED else { throw cancelling(process, during: "reading results") }
            let count = Int(dbnumcols(process))
            if count > 0 {
                let columns = (1...count).map { Self.column(process, $0) }
                let names = columns.map(\.name)
                var rows: [SQLRow] = []
                while true {
                    let row = dbnextrow(process)
                    if row == NO_MORE_ROWS { break }
                    if row == FAIL { throw cancelling(process, during: "reading rows") }
                    guard row == REG_ROW else { continue }  // COMPUTE rows: Hearth never asks for them
                    rows.append(SQLRow(columns: names, values: columns.map { Self.value(process, $0) }))
                }
                result.resultSets.append(rows)
            }
            let affected = Int(dbcount(process))
            if affected > 0 { result.rowsAffected += affected }
            if dbhasretstat(process) != 0 { result.returnStatus = Int(dbretstatus(process)) }
        }
        let (server, library) = sink.drain()
        if server.contains(where: { $0.severity > 10 }) || !library.isEmpty {
            throw Self.error(server: server, library: library, dead: isDead, configuration: configuration, during: "running a statement")
        }
        result.messages = server.filter { ![5701, 5703, 5704].contains($0.number) }.map(\.text)
        return result
    }

    private func cancelling(_ process: OpaquePointer, during what: String) -> SQLServerError {
        let error = failure(during: what, sent: true)
        if !isDead { dbcancel(process) }
        _ = sink.drain()
        return error
    }

    struct Column {
        var index: Int32
        var name: String
        var type: Int
    }

    static func column(_ process: OpaquePointer, _ index: Int) -> Column {
        let name = dbcolname(process, Int32(index)).map { String(cString: $0) } ?? ""
        return Column(index: Int32(index), name: name, type: Int(dbcoltype(process, Int32(index))))
    }

    /// db-lib type codes (sybdb.h / tds.h) that are not in sybdb.h's public enum.
    private static let textTypes: Set<Int> = [
        SYBCHAR, SYBVARCHAR, SYBTEXT, SYBNTEXT, 103 /* SYBNVARCHAR */, 167, 175, 231, 239 /* XSYB(N)(VAR)CHAR */, 241 /* XML */,
    ]
    private static let binaryTypes: Set<Int> = [SYBBINARY, SYBVARBINARY, SYBIMAGE, 165, 173 /* XSYB(VAR)BINARY */, 225 /* LONGBINARY */]

    /// The column's value as a ``SQLValue`` (NULL keeps the column's type).
    static func value(_ process: OpaquePointer, _ column: Column) -> SQLValue {
        let length = Int(dbdatlen(process, column.index))
        let pointer = dbdata(process, column.index).map { UnsafeRawPointer($0) }
        let type = column.type
        if textTypes.contains(type) {
            guard let pointer else { return .string(nil) }
            return .string(String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self))
        }
        if binaryTypes.contains(type) {
            guard let pointer else { return .bytes(nil) }
            return .bytes(Data(bytes: pointer, count: length))
        }
        switch type {
        case SYBINT1: return .int32(pointer.map { Int32($0.load(as: UInt8.self)) })
        case SYBINT2: return .int32(pointer.map { Int32($0.loadUnaligned(as: Int16.self)) })
        case SYBINT4: return .int32(pointer.map { $0.loadUnaligned(as: Int32.self) })
        case SYBINT8: return .int64(pointer.map { $0.loadUnaligned(as: Int64.self) })
        case SYBBIT, SYBBITN: return .bool(pointer.map { $0.load(as: UInt8.self) != 0 })
        case SYBFLT8: return .double(pointer.map { $0.loadUnaligned(as: Double.self) })
        case SYBREAL: return .double(pointer.map { Double($0.loadUnaligned(as: Float.self)) })
        case HEARTH_SYBUNIQUE:
            guard let pointer, length == 16 else { return .uuid(nil) }
            return .uuid(GUIDBytes.uuid(wire: Array(UnsafeRawBufferPointer(start: pointer, count: 16))))
        case SYBMSDATETIME2, SYBMSDATE, SYBMSDATETIMEOFFSET:
            guard let pointer else { return .date(nil) }
            let all = pointer.assumingMemoryBound(to: DBDATETIMEALL.self)
            return .date(DateTime2.date(time: hearth_datetimeall_time(all), days: hearth_datetimeall_date(all)))
        case SYBDATETIME:
            guard let pointer else { return .date(nil) }
            // Days since 1900-01-01 and 1/300 s since midnight.
            let days = pointer.loadUnaligned(as: Int32.self)
            let ticks300 = pointer.loadUnaligned(fromByteOffset: 4, as: Int32.self)
            return .date(Date(timeIntervalSince1970: Double(Int64(days) * 86_400 - DateTime2.epochOffset) + Double(ticks300) / 300))
        default:
            // DECIMAL, NUMERIC, MONEY and the like: Hearth's schema has none; convert to text.
            guard let pointer else { return .string(nil) }
            var buffer = [UInt8](repeating: 0, count: 128)
            let written = buffer.withUnsafeMutableBufferPointer {
                dbconvert(
                    process,
                    Int32(type),
                    pointer.assumingMemoryBound(to: BYTE.self),
                    DBINT(length),
                    Int32(SYBCHAR),
                    $0.baseAddress,
                    DBINT($0.count)
                )
            }
            return .string(written > 0 ? String(decoding: buffer.prefix(Int(written)), as: UTF8.self).trimmingCharacters(in: .whitespaces) : nil)
        }
    }
}
