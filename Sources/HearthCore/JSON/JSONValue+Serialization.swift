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

    private static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\u{00}"..."\u{1F}": out += "\\u" + JSONParser.hex4(scalar.value).lowercased()
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
