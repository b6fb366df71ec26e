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

    /// Writes `s` quoted and escaped. Runs of bytes that need no escape are copied whole: appending
    /// scalar by scalar was most of the instructions a JSON-payload request spent in Hearth
    /// (bench/README.md, "Warm path profile"). Every byte that needs an escape is ASCII, and UTF-8
    /// never uses ASCII bytes inside a multi-byte scalar, so every run starts and ends on a scalar boundary.
    private static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let written: Void? = s.utf8.withContiguousStorageIfAvailable { writeEscaped($0, to: &out) }
        if written == nil { Array(s.utf8).withUnsafeBufferPointer { writeEscaped($0, to: &out) } }
        out.append(UInt8(ascii: "\""))
    }

    private static func writeEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var run = bytes.startIndex
        var i = run
        while i != bytes.endIndex {
            let byte = bytes[i]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else {
                i = bytes.index(after: i)
                continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
            out.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "\n"): out.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): out.append(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"): out.append(UInt8(ascii: "t"))
            case 0x08: out.append(UInt8(ascii: "b"))
            case 0x0C: out.append(UInt8(ascii: "f"))
            default:
                // \u00XX, lowercase hex: every other control character is below 0x20.
                func hexDigit(_ d: UInt8) -> UInt8 { d < 10 ? UInt8(ascii: "0") + d : UInt8(ascii: "a") + d - 10 }
                out.append(UInt8(ascii: "u"))
                out.append(UInt8(ascii: "0"))
                out.append(UInt8(ascii: "0"))
                out.append(hexDigit(byte >> 4))
                out.append(hexDigit(byte & 0x0F))
            }
            i = bytes.index(after: i)
            run = i
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
    }
}
