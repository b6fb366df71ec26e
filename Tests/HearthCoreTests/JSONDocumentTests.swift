import Foundation
import HearthCore
import Testing

@Suite struct JSONDocumentTests {
    static let text = """
        {
          // a comment line
          "version": "2.0",
          "bindings": [
            { "type": "httpTrigger", "route": "a/{id}" },
            {
              "type": "http"
            }
          ],
          "Extensions": { "http": { "routePrefix": "api" } },
          "naïve": 1, "after": true
        }
        """

    func document() throws -> JSONDocument {
        try JSONDocument.parse(Data(Self.text.utf8), file: "function.json")
    }

    @Test func membersAreFoundAtTheirKeysAndElementsAtTheirValues() throws {
        let positions = try document().positions
        #expect(positions.position(at: []) == JSONPosition(line: 1, column: 1))
        #expect(positions.position(at: [.key("version")]) == JSONPosition(line: 3, column: 3))
        #expect(positions.position(at: [.key("bindings")]) == JSONPosition(line: 4, column: 3))
        #expect(positions.position(at: [.key("bindings"), .index(0)]) == JSONPosition(line: 5, column: 5))
        #expect(positions.position(at: [.key("bindings"), .index(0), .key("route")]) == JSONPosition(line: 5, column: 30))
        #expect(positions.position(at: [.key("bindings"), .index(1)]) == JSONPosition(line: 6, column: 5))
        #expect(positions.position(at: [.key("bindings"), .index(1), .key("type")]) == JSONPosition(line: 7, column: 7))
    }

    @Test func columnsCountUnicodeScalars() throws {
        // "naïve" has a two-byte scalar; the key after it on the same line is one column per scalar.
        let positions = try document().positions
        #expect(positions.position(at: [.key("naïve")]) == JSONPosition(line: 11, column: 3))
        #expect(positions.position(at: [.key("after")]) == JSONPosition(line: 11, column: 15))
    }

    @Test func lookupsFallBackToOtherCaseThenToTheEnclosingValue() throws {
        let positions = try document().positions
        #expect(positions.position(at: [.key("extensions")]) == nil)
        #expect(positions.nearest([.key("extensions"), .key("HTTP"), .key("routePrefix")]) == JSONPosition(line: 10, column: 29))
        #expect(positions.nearest(jsonPath: "$.bindings[1].route") == JSONPosition(line: 6, column: 5))
        #expect(positions.nearest(jsonPath: "$.missing") == JSONPosition(line: 1, column: 1))
        #expect(positions.nearest([.key("missing")], orDocument: false) == nil)
        #expect(positions.nearest(jsonPath: "not a path") == nil)
    }

    @Test func theValueIsTheSameAsPlainParsing() throws {
        #expect(try document().value == JSONValue.parse(Self.text, file: "function.json"))
    }

    @Test func jsonPathsSplitIntoComponents() {
        #expect(JSONPathComponent.components(of: "$") == [])
        #expect(JSONPathComponent.components(of: "$.bindings[12].route") == [.key("bindings"), .index(12), .key("route")])
        #expect(JSONPathComponent.components(of: "$.a[x]") == nil)
        #expect(JSONPathComponent.components(of: "bindings") == nil)
    }

    @Test func aSyntaxErrorStillNamesItsPosition() {
        #expect(throws: JSONSyntaxError.self) { try JSONDocument.parse(Data("{\n  \"a\": }".utf8), file: "host.json") }
        do {
            _ = try JSONDocument.parse(Data("{\n  \"a\": }".utf8), file: "host.json")
        } catch {
            #expect(error.line == 2)
            #expect(error.column == 8)
        }
    }
}
