import Foundation
import HearthCore
import Testing

@Suite struct JSONValueTests {
    private func parse(_ text: String, file: String = "test.json") throws(JSONSyntaxError) -> JSONValue {
        try JSONValue.parse(Data(text.utf8), file: file)
    }

    private func syntaxError(_ text: String, file: String = "test.json") -> JSONSyntaxError? {
        do {
            _ = try parse(text, file: file)
            return nil
        } catch {
            return error
        }
    }

    @Test func parsesAllValueKindsInOrder() throws {
        let value = try parse(#"{"b": 1, "a": [true, false, null, -0.5e+3, "x"], "c": {}}"#)
        guard case .object(let entries) = value else {
            Issue.record("not an object")
            return
        }
        #expect(entries.map(\.key) == ["b", "a", "c"])
        #expect(value["a"] == [true, false, .null, .number("-0.5e+3"), "x"])
        #expect(value["c"] == .object([]))
        #expect(value["B"] == 1)
    }

    @Test func keepsNumberText() throws {
        let value = try parse(#"[1.50, 1e3, 12345678901234567890]"#)
        #expect(value.serialized(pretty: false) == "[1.50,1e3,12345678901234567890]")
    }

    @Test func decodesEscapesAndUnicode() throws {
        let value = try parse(#"["a\"b\\c\/d\b\f\n\r\t", "\u00e9\ud83d\ude00", "grüß"]"#)
        #expect(value == ["a\"b\\c/d\u{08}\u{0C}\n\r\t", "é😀", "grüß"])
    }

    @Test func roundTripsPretty() throws {
        let text = """
            {
              "version": "2.0",
              "extensions": {
                "http": {
                  "routePrefix": ""
                }
              },
              "list": [
                1,
                "two",
                []
              ],
              "empty": {}
            }
            """
        let value = try parse(text)
        #expect(value.serialized() == text)
        #expect(try parse(value.serialized(pretty: false)) == value)
    }

    @Test func serializesEscapes() {
        let value: JSONValue = ["k/\"": "line\nbreak\u{01}\u{1F} tab\t é / \\"]
        #expect(value.serialized(pretty: false) == #"{"k/\"":"line\nbreak\u0001\u001f tab\t é / \\"}"#)
    }

    /// Strings are written in runs between the characters that need escapes: the same text as
    /// escaping scalar by scalar, for every control character, quotes and backslashes at either end,
    /// multi-byte and combining characters, and long strings; and what is written parses back.
    @Test func escapesInRunsAsScalarByScalar() throws {
        func reference(_ s: String) -> String {
            var out = ""
            JSONBytePathTests.ReferenceWriter.writeString(s, to: &out)  // scalar by scalar
            return out
        }
        let controls = String(String.UnicodeScalarView((0..<0x20).map { Unicode.Scalar(UInt8($0)) }))
        let samples = [
            "", "plain", "\"", "\\", "\"\"", "\\\"", controls, "a\u{0}b", "\u{7F}\u{80}\u{FFFF}", "e\u{301}\"\u{301}",
            "\u{1F600}\n\u{1F1EB}\u{1F1F7}", "caf\u{E9} \u{4E2D}\u{6587}\t", String(repeating: "x\u{E9}\"", count: 20_000),
        ]
        for text in samples {
            let written = JSONValue.string(text).serialized(pretty: false)
            #expect(written == reference(text))
            #expect(try parse(written) == .string(text))
            #expect(JSONValue.object([(text, .string(text))]).serialized(pretty: false) == "{\(reference(text)):\(reference(text))}")
        }
    }

    @Test func literalsKeepOrder() {
        let value: JSONValue = ["z": 1, "a": [true, nil], "m": 2.5]
        #expect(value.objectValue?.map(\.key) == ["z", "a", "m"])
        #expect(value.serialized(pretty: false) == #"{"z":1,"a":[true,null],"m":2.5}"#)
        #expect(JSONValue("s") == .string("s"))
    }

    @Test func skipsBOMAndComments() throws {
        let bytes: [UInt8] =
            [0xEF, 0xBB, 0xBF]
            + Array(
                """
                // leading comment
                {
                  /* block
                     comment */ "version": "2.0", // trailing
                  "list": [1, 2,],
                }
                """.utf8
            )
        let value = try JSONValue.parse(Data(bytes), file: "host.json")
        #expect(value == ["version": "2.0", "list": [1, 2]])
    }

    @Test func reportsPositionOfMissingComma() {
        let error = syntaxError("{\n  \"version\": \"2.0\"\n  \"logging\": {}\n}", file: "host.json")
        #expect(error?.line == 3)
        #expect(error?.column == 3)
        #expect(error?.message == "expected ',' or '}' after object member")
        #expect(error?.description == "host.json:3:3: expected ',' or '}' after object member — fix the JSON syntax at that position")
    }

    @Test func columnCountsScalarsNotBytes() {
        let error = syntaxError("[\"é\" 1]")
        #expect(error?.line == 1)
        #expect(error?.column == 6)
    }

    @Test func rejectsDuplicateKeys() {
        let error = syntaxError("{\"a\": 1,\n \"a\": 2}")
        #expect(error?.message == "duplicate key 'a' in object")
        #expect(error?.line == 2)
        #expect(error?.column == 2)
    }

    @Test(arguments: [
        "", "   ", "{", "[1 2]", "{\"a\" 1}", "{a: 1}", "[01]", "[1.]", "[.5]", "[+1]", "[tru]", "[trueish]",
        "['x']", "\"abc", "\"a\nb\"", "\"\\x\"", "\"\\ud800\"", "\"\\u12\"", "{} x", "/* open", "[,]", "{,}", "[1,,2]", "NaN",
    ])
    func rejectsMalformedDocuments(_ text: String) {
        #expect(syntaxError(text) != nil, "accepted \(text.debugDescription)")
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(Data([0x22, 0xFF, 0x22]), file: "x") }
    }

    @Test func rejectsExcessiveNesting() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(syntaxError(deep)?.message.contains("nests more than") == true)
    }

    @Test func codableRoundTrip() throws {
        let value: JSONValue = ["a": [1, 2.5, "x", true, nil], "b": ["c": "d"]]
        let data = try JSONEncoder().encode(value)
        let decoded = try JSONDecoder().decode(JSONValue.self, from: data)
        #expect(decoded["a"] == value["a"])
        #expect(decoded["b"] == value["b"])
    }
}
