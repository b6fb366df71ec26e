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
        var out = ""
        write(to: &out, pretty: pretty, indent: 0)
        return out
    }

    private func write(to out: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let text): out += text
        case .string(let s): Self.writeString(s, to: &out)
        case .array(let elements):
            guard !elements.isEmpty else {
                out += "[]"
                return
            }
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += "," }
                if pretty { Self.newline(&out, indent: indent + 1) }
                element.write(to: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { Self.newline(&out, indent: indent) }
            out += "]"
        case .object(let entries):
            guard !entries.isEmpty else {
                out += "{}"
                return
            }
            out += "{"
            for (i, entry) in entries.enumerated() {
                if i > 0 { out += "," }
                if pretty { Self.newline(&out, indent: indent + 1) }
                Self.writeString(entry.key, to: &out)
                out += pretty ? ": " : ":"
                entry.value.write(to: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { Self.newline(&out, indent: indent) }
            out += "}"
        }
    }

    private static func newline(_ out: inout String, indent: Int) {
        out += "\n"
        out += String(repeating: "  ", count: indent)
    }

    /// Writes `s` quoted and escaped. Runs of characters that need no escape are appended whole:
    /// appending scalar by scalar was most of the instructions a JSON-payload request spent in Hearth
    /// (bench/README.md, "Warm path profile"). Every byte that needs an escape is ASCII, and UTF-8
    /// never uses ASCII bytes inside a multi-byte scalar, so every run starts and ends on a scalar boundary.
    private static func writeString(_ s: String, to out: inout String) {
        out += "\""
        let bytes = s.utf8
        var run = bytes.startIndex
        var i = run
        while i != bytes.endIndex {
            let byte = bytes[i]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else {
                i = bytes.index(after: i)
                continue
            }
            out.append(contentsOf: s[run..<i])
            switch byte {
            case UInt8(ascii: "\""): out += "\\\""
            case UInt8(ascii: "\\"): out += "\\\\"
            case UInt8(ascii: "\n"): out += "\\n"
            case UInt8(ascii: "\r"): out += "\\r"
            case UInt8(ascii: "\t"): out += "\\t"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            default: out += "\\u" + JSONParser.hex4(UInt32(byte)).lowercased()
            }
            i = bytes.index(after: i)
            run = i
        }
        out.append(contentsOf: s[run..<i])
        out += "\""
    }
}
