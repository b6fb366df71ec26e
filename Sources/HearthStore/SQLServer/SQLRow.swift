package import Foundation

/// One row of a result set: values by column position, looked up by column name.
package struct SQLRow: Sendable, Hashable {
    /// Column names, in order (as the server sent them).
    package var columns: [String]
    package var values: [SQLValue]

    package init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value of the named column (case-insensitive), or `nil` when the row has no such column.
    package subscript(_ name: String) -> SQLValue? {
        guard let index = columns.firstIndex(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) else { return nil }
        return values[index]
    }

    package func string(_ name: String) -> String? {
        switch self[name] {
        case .string(let v): return v
        case .uuid(let v): return v?.uuidString
        case .int32(let v): return v.map(String.init)
        case .int64(let v): return v.map(String.init)
        default: return nil
        }
    }

    package func int64(_ name: String) -> Int64? {
        switch self[name] {
        case .int64(let v): return v
        case .int32(let v): return v.map(Int64.init)
        case .bool(let v): return v.map { $0 ? 1 : 0 }
        case .double(let v): return v.map { Int64($0) }
        default: return nil
        }
    }

    package func int(_ name: String) -> Int? { int64(name).map { Int($0) } }

    package func double(_ name: String) -> Double? {
        switch self[name] {
        case .double(let v): return v
        case .int64(let v): return v.map(Double.init)
        case .int32(let v): return v.map(Double.init)
        default: return nil
        }
    }

    package func bool(_ name: String) -> Bool? {
        switch self[name] {
        case .bool(let v): return v
        case .int32(let v): return v.map { $0 != 0 }
        case .int64(let v): return v.map { $0 != 0 }
        default: return nil
        }
    }

    package func date(_ name: String) -> Date? {
        if case .date(let v) = self[name] { return v }
        return nil
    }

    package func uuid(_ name: String) -> UUID? {
        switch self[name] {
        case .uuid(let v): return v
        case .string(let v): return v.flatMap(UUID.init(uuidString:))
        default: return nil
        }
    }

    package func bytes(_ name: String) -> Data? {
        if case .bytes(let v) = self[name] { return v }
        return nil
    }
}
