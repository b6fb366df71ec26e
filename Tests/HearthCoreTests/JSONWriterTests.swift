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
}
