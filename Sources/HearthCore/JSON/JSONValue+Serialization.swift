extension JSONValue {
    /// The document as JSON text.
    ///
    /// Pretty output indents by two spaces and writes `"key": value`, one member or element per line;
    /// compact output has no whitespace at all. Neither adds a trailing newline. Strings escape `"`, `\`
    /// and control characters (`\n`, `\t`, … or `\u001f`); non-ASCII text stays UTF-8 and `/` is not
    /// escaped. Numbers are written as their literal text, so a number must hold valid JSON number text.
    ///
    /// ```swift
    /// let json: JSONValue = ["version": "2.0", "extensions": ["http": ["routePrefix": ""]]]
    /// print(json.serialized())
    /// ```
    /// - Parameter pretty: Indent with two spaces (default) or write compactly.
    public func serialized(pretty: Bool = true) -> String {
        String(decoding: serializedBytes(pretty: pretty), as: UTF8.self)
    }

    /// The document as the UTF-8 bytes of ``serialized(pretty:)``, for a message body: written
    /// straight into one byte array, without a `String` to convert (the JSON-payload request's
    /// body is built this way; bench/README.md, "JSON payload path and allocations").
    /// - Parameter pretty: Indent with two spaces or write compactly (default).
    public func serializedBytes(pretty: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024)  // a JSON-payload request's body (~700 bytes) without regrowing
        write(to: &out, pretty: pretty, indent: 0)
        return out
    }

    private func write(to out: inout [UInt8], pretty: Bool, indent: Int) {
        switch self {
        case .null: Self.append("null", to: &out)
        case .bool(let b): Self.append(b ? "true" : "false", to: &out)
        case .number(let text): Self.append(text, to: &out)
        case .string(let s): Self.writeString(s, to: &out)
        case .array(let elements):
            guard !elements.isEmpty else {
                Self.append("[]", to: &out)
                return
            }
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { Self.newline(&out, indent: indent + 1) }
                element.write(to: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { Self.newline(&out, indent: indent) }
            out.append(UInt8(ascii: "]"))
        case .object(let entries):
            guard !entries.isEmpty else {
                Self.append("{}", to: &out)
                return
            }
            out.append(UInt8(ascii: "{"))
            for (i, entry) in entries.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { Self.newline(&out, indent: indent + 1) }
                Self.writeString(entry.key, to: &out)
                Self.append(pretty ? ": " : ":", to: &out)
                entry.value.write(to: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { Self.newline(&out, indent: indent) }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(_ out: inout [UInt8], indent: Int) {
        out.append(0x0A)
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * indent))
    }

    /// Appends the UTF-8 of `text`, copied whole from its contiguous storage when it has one.
    private static func append(_ text: String, to out: inout [UInt8]) {
        let copied: Void? = text.utf8.withContiguousStorageIfAvailable { out.append(contentsOf: $0) }
        if copied == nil { out.append(contentsOf: text.utf8) }
    }

    private static func writeString(_ s: String, to out: inout [UInt8]) { JSONWriter.writeString(s, to: &out) }
}
