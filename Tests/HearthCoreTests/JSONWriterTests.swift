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

    /// Texts of 1 to 17 characters, up to 18 bytes (shorter than the eight bytes looked at at once,
    /// one word and a few, two words overlapping), with each character that needs an escape, and
    /// one that needs none, at every place: escaped as the reference escapes them.
    @Test func everyLengthAndPlace() {
        var differing: [String] = []
        for special in ["\"", "\\", "\n", "\u{0}", "\u{1F}", " ", "\u{7F}", "\u{E9}"] {
            for length in 1...17 {
                for place in 0..<length {
                    let text = String(repeating: "a", count: place) + special + String(repeating: "b", count: length - 1 - place)
                    var json = JSONWriter(capacity: 1)
                    json.string(text)
                    if String(decoding: json.bytes, as: UTF8.self) != Self.reference(text) { differing.append(text.debugDescription) }
                    if String(decoding: JSONValue.string(text).serializedBytes(), as: UTF8.self) != Self.reference(text) {
                        differing.append("serialized \(text.debugDescription)")
                    }
                }
            }
        }
        #expect(differing.isEmpty, "\(differing.prefix(10))")
    }

    /// A value written once and copied after another key, in an object and in an array after a
    /// sibling, is the tree's text; so is a copy of a copy.
    @Test func aCopiedValueIsTheValueWrittenAgain() {
        let headers = JSONValue.object([("Accept", .array([.string("a\"b"), .string("\u{1}")])), ("X", .array([]))])
        let expected = JSONValue.object([
            ("Headers", headers), ("Again", .array([.string("s"), headers])), ("Third", headers), ("Last", .object([])),
        ])
        var json = JSONWriter(capacity: 1)
        json.beginObject()
        json.key("Headers")
        let start = json.count
        Self.write(headers, to: &json)
        let first = start..<json.count
        json.key("Again")
        json.beginArray()
        json.string("s")
        let copyStart = json.count
        json.value(copying: first)
        // The comma is not part of the copied value's text.
        #expect(json.bytes[copyStart] == UInt8(ascii: ","))
        json.endArray()
        json.key("Third")
        let thirdStart = json.count
        json.value(copying: first)
        let third = thirdStart..<json.count
        json.key("Last")
        json.beginObject()
        json.endObject()
        json.endObject()
        #expect(json.bytes == expected.serializedBytes())
        #expect(Array(json.bytes[third]) == headers.serializedBytes())
    }

    /// The text handed over is the text written, however often the storage grew on the way.
    @Test func finishingGivesTheTextWritten() {
        let long = String(repeating: "caf\u{E9}\"\u{1}\\ ", count: 500)
        let document = JSONValue.array((0..<50).map { .object([("k\($0)", .string($0 % 7 == 0 ? long : "v"))]) })
        var json = JSONWriter(capacity: 1)
        Self.write(document, to: &json)
        let bytes = json.bytes
        #expect(bytes == document.serializedBytes())
        #expect(json.count == bytes.count)
        #expect(json.finish() == bytes)
        var empty = JSONWriter()
        #expect(empty.bytes.isEmpty)
        empty.string("")
        #expect(empty.finish() == Array("\"\"".utf8))
    }
}
