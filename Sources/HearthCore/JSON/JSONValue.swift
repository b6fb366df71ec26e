import Foundation

/// A JSON document kept as written: object key order is preserved, numbers keep their text.
///
/// Hearth keeps host.json and function.json as ``JSONValue`` beside their typed models, so keys it
/// does not know are reported and round-tripped instead of dropped.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// A number, kept as its literal text (`"1"`, `"2.50"`, `"1e3"`) so rewriting a file never changes it.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// An object; entries keep document order. Keys are unique (the parser rejects duplicates).
    case object([(key: String, value: JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b || Double(a) == Double(b)
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(b)
        case .number(let n): hasher.combine(Double(n))
        case .string(let s): hasher.combine(s)
        case .array(let a): hasher.combine(a)
        case .object(let o):
            hasher.combine(o.count)
            for (k, v) in o {
                hasher.combine(k)
                hasher.combine(v)
            }
        }
    }
}

extension JSONValue {
    /// The value for `key` in an object, matched exactly first, then case-insensitively (as the
    /// Functions host reads function.json and host.json). `nil` for non-objects and missing keys.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let entries) = self else { return nil }
        if let hit = entries.first(where: { $0.key == key }) { return hit.value }
        // ASCII keys compare without lowercased copies; a non-ASCII key on either side is compared as
        // lowercased text, as before (Unicode lowercasing can map non-ASCII to ASCII: the Kelvin sign to k).
        let asciiKey = Self.isASCII(key)
        var lower: String? = nil
        return entries.first { entry in
            if asciiKey, Self.isASCII(entry.key) { return entry.key.equalsIgnoringASCIICase(key) }
            if lower == nil { lower = key.lowercased() }
            return entry.key.lowercased() == lower
        }?.value
    }

    private static func isASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 < 0x80 }
    }

    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    public var objectValue: [(key: String, value: JSONValue)]? { if case .object(let o) = self { return o } else { return nil } }
    public var intValue: Int? { if case .number(let n) = self { return Int(n) ?? Double(n).flatMap { Int(exactly: $0) } } else { return nil } }
    public var doubleValue: Double? { if case .number(let n) = self { return Double(n) } else { return nil } }

    /// A short name of the JSON type, for error messages ("a string", "an object" …).
    public var typeDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// Returns a copy with `key` set to `value` (replacing in place, or appended at the end).
    public func setting(_ key: String, to value: JSONValue) -> JSONValue {
        guard case .object(var entries) = self else { return self }
        if let i = entries.firstIndex(where: { $0.key == key }) { entries[i].value = value } else { entries.append((key, value)) }
        return .object(entries)
    }

    /// Returns a copy without `key` (exact match).
    public func removing(_ key: String) -> JSONValue {
        guard case .object(let entries) = self else { return self }
        return .object(entries.filter { $0.key != key })
    }
}
