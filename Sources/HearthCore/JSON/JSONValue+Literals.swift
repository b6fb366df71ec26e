extension JSONValue: ExpressibleByStringLiteral {
    /// A JSON string.
    public init(stringLiteral value: String) { self = .string(value) }
}

extension JSONValue: ExpressibleByBooleanLiteral {
    /// A JSON boolean.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension JSONValue: ExpressibleByIntegerLiteral {
    /// A JSON number written as the integer's decimal text.
    public init(integerLiteral value: Int) { self = .number(String(value)) }
}

extension JSONValue: ExpressibleByFloatLiteral {
    /// A JSON number written as the shortest text that reads back as the same `Double`.
    public init(floatLiteral value: Double) { self.init(value) }
}

extension JSONValue: ExpressibleByNilLiteral {
    /// JSON `null`.
    public init(nilLiteral: ()) { self = .null }
}

extension JSONValue: ExpressibleByArrayLiteral {
    /// A JSON array.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
    /// A JSON object whose members keep the literal's order. A repeated key keeps its last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var entries: [(key: String, value: JSONValue)] = []
        for (key, value) in elements {
            if let i = entries.firstIndex(where: { $0.key == key }) { entries[i].value = value } else { entries.append((key, value)) }
        }
        self = .object(entries)
    }
}

extension JSONValue {
    /// A JSON string.
    /// - Parameter string: The text.
    public init(_ string: String) { self = .string(string) }

    /// A JSON number from an integer.
    /// - Parameter int: The value.
    public init(_ int: Int) { self = .number(String(int)) }

    /// A JSON number from a `Double`; not-a-number and infinities become `null` (JSON cannot express them).
    /// - Parameter double: The value.
    public init(_ double: Double) {
        guard double.isFinite else {
            self = .null
            return
        }
        if let exact = Int(exactly: double), abs(double) < 1e15 {
            self = .number(String(exact))
        } else {
            self = .number("\(double)")
        }
    }

    /// A JSON boolean.
    /// - Parameter bool: The value.
    public init(_ bool: Bool) { self = .bool(bool) }
}
