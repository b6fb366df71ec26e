import Foundation
import HearthCore
import Testing

/// The JSON payload path's byte-level serializer and parser (issue #16) against what they replaced:
/// the same text as the `String` writer on hostile values, and the same values and errors from the
/// parser for hostile documents (invalid UTF-8, duplicate keys, escapes, deep nesting).
@Suite struct JSONBytePathTests {
    /// The serializer as it was before it wrote bytes: appends to a `String`.
    enum ReferenceWriter {
        static func write(_ value: JSONValue, pretty: Bool, indent: Int = 0, to out: inout String) {
            switch value {
            case .null: out += "null"
            case .bool(let b): out += b ? "true" : "false"
            case .number(let text): out += text
            case .string(let s): writeString(s, to: &out)
            case .array(let elements):
                guard !elements.isEmpty else {
                    out += "[]"
                    return
                }
                out += "["
                for (i, element) in elements.enumerated() {
                    if i > 0 { out += "," }
                    if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
                    write(element, pretty: pretty, indent: indent + 1, to: &out)
                }
                if pretty { out += "\n" + String(repeating: "  ", count: indent) }
                out += "]"
            case .object(let entries):
                guard !entries.isEmpty else {
                    out += "{}"
                    return
                }
                out += "{"
                for (i, entry) in entries.enumerated() {
                    if i > 0 { out += "," }
                    if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
                    writeString(entry.key, to: &out)
                    out += pretty ? ": " : ":"
                    write(entry.value, pretty: pretty, indent: indent + 1, to: &out)
                }
                if pretty { out += "\n" + String(repeating: "  ", count: indent) }
                out += "}"
            }
        }

        static func writeString(_ s: String, to out: inout String) {
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
                case "\u{00}"..."\u{1F}": out += String(format: "\\u%04x", scalar.value)
                default: out.unicodeScalars.append(scalar)
                }
            }
            out += "\""
        }

        static func serialized(_ value: JSONValue, pretty: Bool) -> String {
            var out = ""
            write(value, pretty: pretty, to: &out)
            return out
        }
    }

    static let hostileStrings: [String] = [
        "", "plain", "\"", "\\", "\\\"", "a\u{0}b", String(String.UnicodeScalarView((0..<0x20).map { Unicode.Scalar(UInt8($0)) })),
        "\u{7F}\u{80}\u{FFFF}\u{10FFFF}", "e\u{301}\"\u{301}", "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}", "\u{2028}\u{2029}\u{FEFF}",
        "caf\u{E9} \u{4E2D}\u{6587}\t/</script>", String(repeating: "x\u{E9}\"\u{1}", count: 5_000),
    ]

    /// Values with every kind of JSON, hostile strings as keys and values, numbers beyond any
    /// machine type, duplicate keys (which a constructed value may hold) and deep nesting.
    static var hostileValues: [JSONValue] {
        var values: [JSONValue] = hostileStrings.map { .string($0) }
        values.append(.object(hostileStrings.map { ($0, .string($0)) }))
        values.append(.object([("a", 1), ("a", 2), ("A", .null)]))
        values.append(
            .array([
                .number("123456789012345678901234567890123456789012345678901234567890"), .number("-0"), .number("1e400"),
                .number("-1.5E-308"), .bool(true), .bool(false), .null, .array([]), .object([]),
            ])
        )
        var deep: JSONValue = ["leaf": "\u{1}"]
        for level in 0..<300 { deep = level.isMultiple(of: 2) ? .array([deep, .number(String(level))]) : .object([("k\(level)", deep)]) }
        values.append(deep)
        values.append(["Data": ["req": ["Headers": ["Accept": ["*/*"]], "Body": "{\"x\":\"\u{E9}\"}"]], "Metadata": ["sys": ["MethodName": "F"]]])
        return values
    }

    @Test func serializedBytesAreTheStringWritersText() throws {
        for value in Self.hostileValues {
            for pretty in [false, true] {
                let expected = ReferenceWriter.serialized(value, pretty: pretty)
                #expect(value.serializedBytes(pretty: pretty) == Array(expected.utf8))
                #expect(value.serialized(pretty: pretty) == expected)
            }
        }
    }

    @Test func whatIsWrittenParsesBack() throws {
        for value in Self.hostileValues where !Self.hasDuplicateKeys(value) {
            #expect(try JSONValue.parse(bytes: value.serializedBytes(), file: "x") == value)
        }
    }

    static func hasDuplicateKeys(_ value: JSONValue) -> Bool {
        switch value {
        case .object(let entries): Set(entries.map(\.key)).count != entries.count || entries.contains { hasDuplicateKeys($0.value) }
        case .array(let elements): elements.contains { hasDuplicateKeys($0) }
        default: false
        }
    }

    func error(_ bytes: [UInt8]) -> JSONSyntaxError? {
        do {
            _ = try JSONValue.parse(bytes: bytes, file: "reply")
            return nil
        } catch {
            return error
        }
    }

    /// Invalid UTF-8 anywhere in a string (with or without escapes before or after it) is the same
    /// error as before the parser stopped copying unescaped strings: at the string's opening quote.
    @Test func invalidUTF8IsReportedAtTheString() {
        let quote = UInt8(ascii: "\"")
        let backslash = UInt8(ascii: "\\")
        let cases: [(bytes: [UInt8], column: Int)] = [
            (Array(#"{"a":""#.utf8) + [0xFF, quote, UInt8(ascii: "}")], 6),  // lone continuation-range byte
            ([UInt8(ascii: "{"), quote, 0xC3, quote] + Array(":1}".utf8), 2),  // truncated sequence in a key
            ([UInt8(ascii: "["), quote, backslash, UInt8(ascii: "n"), 0xFF, quote, UInt8(ascii: "]")], 2),  // after an escape
            ([UInt8(ascii: "["), quote, 0xFF, backslash, UInt8(ascii: "n"), quote, UInt8(ascii: "]")], 2),  // before an escape
            ([UInt8(ascii: "["), quote, 0xC0, 0xAF, quote, UInt8(ascii: "]")], 2),  // overlong '/'
            ([UInt8(ascii: "["), quote, 0xED, 0xA0, 0x80, quote, UInt8(ascii: "]")], 2),  // UTF-8-encoded surrogate
            ([UInt8(ascii: "["), quote, 0xF4, 0x90, 0x80, 0x80, quote, UInt8(ascii: "]")], 2),  // beyond U+10FFFF
        ]
        for (bytes, column) in cases {
            #expect(
                error(bytes)
                    == JSONSyntaxError(file: "reply", line: 1, column: column, message: "string is not valid UTF-8", fix: "save the file as UTF-8"),
                "\(bytes)"
            )
            #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(Data(bytes), file: "reply") }
        }
    }

    @Test func stringsWithAndWithoutEscapesDecode() throws {
        let text = #"["", "plain \u00e9", "caf\u00E9", "\ud83d\ude00 \"q\" \\ \/ \b\f\n\r\t", "e\u0301", "日本語 🇫🇷"]"#
        #expect(
            try JSONValue.parse(bytes: Array(text.utf8), file: "x")
                == .array(["", "plain \u{E9}", "caf\u{E9}", "\u{1F600} \"q\" \\ / \u{8}\u{C}\n\r\t", "e\u{301}", "日本語 🇫🇷"])
        )
    }

    /// Duplicates are refused at any size, on both sides of the size where the parser starts keeping
    /// a set, and keys that are the same text in another Unicode normal form are duplicates too (as
    /// `String` compares them).
    @Test func duplicateKeysAreRefusedAtAnySize() throws {
        for size in [1, 2, 15, 16, 17, 40] {
            for duplicated in Set([0, size / 2, size - 1]) {
                let members = (0..<size).map { #""k\#($0)":\#($0)"# } + [#""k\#(duplicated)":0"#]
                let text = "{" + members.joined(separator: ",") + "}"
                let column = text.utf8.count - #""k\#(duplicated)":0}"#.utf8.count + 1
                #expect(
                    error(Array(text.utf8))
                        == JSONSyntaxError(
                            file: "reply",
                            line: 1,
                            column: column,
                            message: "duplicate key 'k\(duplicated)' in object",
                            fix: "remove one of the two 'k\(duplicated)' entries"
                        ),
                    "size \(size), duplicate of k\(duplicated)"
                )
            }
            let distinct = "{" + (0..<size).map { #""k\#($0)":\#($0)"# }.joined(separator: ",") + "}"
            #expect(try JSONValue.parse(bytes: Array(distinct.utf8), file: "x").objectValue?.count == size)
        }
        #expect(error(Array(#"{"\u00e9":1,"e\u0301":2}"#.utf8))?.message == "duplicate key 'e\u{301}' in object")
        #expect(error(Array("{\"\u{E9}\":1,\"e\u{301}\":2}".utf8))?.message == "duplicate key 'e\u{301}' in object")
    }

    @Test func deepNestingIsRefusedAsBefore() {
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(error(Array(ok.utf8)) == nil)
        let deep = String(repeating: #"{"a":"#, count: 513) + "1" + String(repeating: "}", count: 513)
        #expect(error(Array(deep.utf8))?.message == "the document nests more than 512 arrays or objects")
    }

    /// Members are found in any case without lowercased copies for ASCII keys, and as lowercased
    /// text otherwise (the Kelvin sign lowercases to `k`), as before.
    @Test func caseInsensitiveLookupIsUnchanged() {
        let value: JSONValue = .object([("StatusCode", 201), ("BODY", "b"), ("\u{212A}ey", "kelvin"), ("\u{C9}t\u{E9}", "summer")])
        #expect(value["statusCode"] == 201)
        #expect(value["statuscode"] == 201)
        #expect(value["body"] == "b")
        #expect(value["key"] == "kelvin")
        #expect(value["\u{E9}T\u{C9}"] == "summer")
        #expect(value["status"] == nil)
        #expect(value["StatusCod"] == nil)
    }
}
