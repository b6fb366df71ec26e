import HearthCore
import Testing

/// ``JSONWriter`` writes what ``JSONValue/serializedBytes(pretty:)`` writes compactly for the same
/// document: commas between siblings at every depth, none after a key or before the first member,
/// empty objects and arrays, nesting in both directions, and every string escaped by the one rule.
@Suite struct JSONWriterTests {
    /// Writes `value` member by member, as a caller of the writer does.
    static func write(_ value: JSONValue, to json: inout JSONWriter) {
        switch value {
        case .string(let text): json.string(text)
        case .array(let elements):
            json.beginArray()
            for element in elements { write(element, to: &json) }
            json.endArray()
        case .object(let entries):
            json.beginObject()
            for (key, member) in entries {
                json.key(key)
                write(member, to: &json)
            }
            json.endObject()
        default: Issue.record("the writer writes strings, arrays and objects only")
        }
    }

    static let documents: [JSONValue] = [
        .object([]),
        .array([]),
        .string(""),
        .object([("a", .string("1"))]),
        .array([.array([]), .object([]), .array([.string("x")]), .string("y")]),
        .object([
            ("Data", .object([("req", .object([("Url", .string("http://x/?a=\"b\"")), ("Identities", .array([]))]))])),
            ("Metadata", .object([("Headers", .object([("Accept", .array([.string("a"), .string("b")]))])), ("sys", .object([]))])),
            ("", .string("")),
        ]),
        .object([("k\"\\\u{0}\u{1F}\n\r\t\u{8}\u{C}", .string("caf\u{E9} \u{2028} \u{1F600} / \u{7F}"))]),
        .array([.object([("a", .array([.object([("b", .array([]))])]))]), .object([("c", .string("d"))])]),
    ]

    @Test(arguments: documents)
    func writesWhatTheTreeSerializes(_ document: JSONValue) {
        var json = JSONWriter(capacity: 8)
        Self.write(document, to: &json)
        #expect(json.bytes == document.serializedBytes())
    }

    /// JSON's escaping of `text`, scalar by scalar (the string writer of the serializer as it was
    /// before it wrote bytes): the reference the writer's eight-bytes-at-a-time scan is held to.
    static func reference(_ text: String) -> String {
        var out = ""
        JSONBytePathTests.ReferenceWriter.writeString(text, to: &out)
        return out
    }

    /// Every ASCII character at every place of a 20-byte text (so in each of the eight bytes the
    /// scan reads at once, in the first and second word and in the tail it reads byte by byte),
    /// alone and next to a second special one, and escapes among multi-byte characters.
    @Test func everyCharacterIsEscapedAtEveryPlace() {
        func written(_ text: String) -> String {
            var json = JSONWriter()
            json.string(text)
            return String(decoding: json.bytes, as: UTF8.self)
        }
        for byte in UInt8(0)...127 {
            let character = String(UnicodeScalar(byte))
            for place in 0..<20 {
                let text = String(repeating: "a", count: place) + character + String(repeating: "b", count: 19 - place)
                #expect(written(text) == Self.reference(text))
                let paired = String(repeating: "a", count: place) + character + "\"" + String(repeating: "b", count: 18 - min(place, 18))
                #expect(written(paired) == Self.reference(paired))
            }
        }
        let mixed = "\u{E9}\"\u{20AC}\\\u{1F600}\u{1}caf\u{E9}\u{7F}\u{2028}/\u{1F}x"
        for rotation in 0..<mixed.count {
            let text = String(mixed.dropFirst(rotation) + mixed.prefix(rotation))
            #expect(written(text) == Self.reference(text))
            #expect(written(text + text + text) == Self.reference(text + text + text))
        }
        #expect(written("") == "\"\"")
    }
}
