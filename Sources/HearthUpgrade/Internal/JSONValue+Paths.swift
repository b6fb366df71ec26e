internal import Foundation
internal import HearthCore

extension JSONValue {
    /// The value at a nested path of object keys (case-insensitive, like the host).
    func value(at path: [String]) -> JSONValue? {
        var current: JSONValue? = self
        for key in path { current = current?[key] }
        return current
    }

    /// The exact spelling of `key` in this object (case-insensitive lookup).
    func actualKey(_ key: String) -> String? {
        guard let entries = objectValue else { return nil }
        if entries.contains(where: { $0.key == key }) { return key }
        return entries.first { $0.key.lowercased() == key.lowercased() }?.key
    }

    /// A copy with `value` stored at `path`, creating objects on the way; existing keys keep their place.
    func setting(path: [String], to value: JSONValue) -> JSONValue {
        guard let first = path.first else { return value }
        let base: JSONValue = objectValue == nil ? .object([]) : self
        let key = base.actualKey(first) ?? first
        if path.count == 1 { return base.setting(key, to: value) }
        let child = base[key] ?? .object([])
        return base.setting(key, to: child.setting(path: Array(path.dropFirst()), to: value))
    }

    /// A copy without `key`, matched case-insensitively.
    func removingKey(_ key: String) -> JSONValue {
        guard let actual = actualKey(key) else { return self }
        return removing(actual)
    }

    /// `path: value` for reports; objects and arrays are shown by path only.
    static func describe(_ path: [String], _ value: JSONValue?) -> String {
        let name = path.joined(separator: ".")
        guard let value else { return name }
        switch value {
        case .object, .array: return name
        default: return "\(name): \(value.serialized(pretty: false))"
        }
    }

    /// Pretty text as written to disk: two-space indent and a final newline.
    var fileText: String { serialized(pretty: true) + "\n" }
}
