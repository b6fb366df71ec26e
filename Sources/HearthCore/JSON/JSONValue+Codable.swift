extension JSONValue: Codable {
    /// Decodes any JSON value. Objects decoded through a keyed container keep the decoder's key order.
    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer() {
            if single.decodeNil() {
                self = .null
                return
            }
            if let b = try? single.decode(Bool.self) {
                self = .bool(b)
                return
            }
            if let i = try? single.decode(Int64.self) {
                self = .number(String(i))
                return
            }
            if let u = try? single.decode(UInt64.self) {
                self = .number(String(u))
                return
            }
            if let d = try? single.decode(Double.self) {
                self = JSONValue(d)
                return
            }
            if let s = try? single.decode(String.self) {
                self = .string(s)
                return
            }
        }
        if var unkeyed = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !unkeyed.isAtEnd { elements.append(try unkeyed.decode(JSONValue.self)) }
            self = .array(elements)
            return
        }
        let keyed = try decoder.container(keyedBy: JSONCodingKey.self)
        var entries: [(key: String, value: JSONValue)] = []
        for key in keyed.allKeys {
            entries.append((key.stringValue, try keyed.decode(JSONValue.self, forKey: key)))
        }
        self = .object(entries)
    }

    /// Encodes the value; numbers go out as integers when they are integral, else as `Double`.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var c = encoder.singleValueContainer()
            try c.encodeNil()
        case .bool(let b):
            var c = encoder.singleValueContainer()
            try c.encode(b)
        case .number(let text):
            var c = encoder.singleValueContainer()
            if let i = Int64(text) {
                try c.encode(i)
            } else if let u = UInt64(text) {
                try c.encode(u)
            } else if let d = Double(text) {
                try c.encode(d)
            } else {
                throw EncodingError.invalidValue(self, .init(codingPath: encoder.codingPath, debugDescription: "'\(text)' is not a JSON number"))
            }
        case .string(let s):
            var c = encoder.singleValueContainer()
            try c.encode(s)
        case .array(let elements):
            var c = encoder.unkeyedContainer()
            for element in elements { try c.encode(element) }
        case .object(let entries):
            var c = encoder.container(keyedBy: JSONCodingKey.self)
            for (key, value) in entries { try c.encode(value, forKey: JSONCodingKey(stringValue: key)) }
        }
    }
}

/// A coding key for arbitrary object member names.
struct JSONCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { self.stringValue = String(intValue) }
}
