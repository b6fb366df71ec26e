import Foundation
import HearthCore
import Testing

/// The parser records where each value starts; validation issues of host.json and function.json
/// name the line of their JSON path.
@Suite struct JSONPositionsTests {
    static let function = """
        {
          // a comment
          "bindings": [
            {
              "type": "timerTrigger",
              "name": "t",
              "schedule": "0 * * *"
            },
            { "type": "http", "direction": "out", "name": "$return" }
          ],
          "Disabled": false
        }
        """

    @Test func everyValueHasItsLineAndColumn() throws {
        let (value, positions) = try JSONValue.parseWithPositions(Data(Self.function.utf8), file: "function.json")
        #expect(value == (try JSONValue.parse(Self.function, file: "function.json")))
        #expect(positions.position(at: []) == JSONPosition(line: 1, column: 1))
        // An object member is where its key starts; an array element where the element starts.
        #expect(positions.position(at: [.key("bindings")]) == JSONPosition(line: 3, column: 3))
        #expect(positions.position(at: [.key("bindings"), .index(0)]) == JSONPosition(line: 4, column: 5))
        #expect(positions.position(at: [.key("bindings"), .index(0), .key("schedule")]) == JSONPosition(line: 7, column: 7))
        #expect(positions.position(at: [.key("bindings"), .index(1), .key("direction")]) == JSONPosition(line: 9, column: 23))
        #expect(positions.position(at: [.key("bindings"), .index(2)]) == nil)
        // Keys match case-insensitively when no exact match exists, as the Functions host reads them.
        #expect(positions.position(at: [.key("disabled")]) == JSONPosition(line: 11, column: 3))
    }

    @Test func jsonPathsAsIssuesWriteThem() throws {
        let (_, positions) = try JSONValue.parseWithPositions(Data(Self.function.utf8), file: "function.json")
        #expect(positions.nearestPosition(atJSONPath: "$.bindings[0].schedule")?.line == 7)
        #expect(positions.nearestPosition(atJSONPath: "$.bindings[1]")?.line == 9)
        // A missing key is reported where its closest ancestor is.
        #expect(positions.nearestPosition(atJSONPath: "$.bindings[0].direction")?.line == 4)
        #expect(positions.nearestPosition(atJSONPath: "$")?.line == 1)
        #expect(positions.nearestPosition(atJSONPath: "bindings") == nil)
    }

    @Test func columnsCountScalarsAfterAByteOrderMark() throws {
        let text = "\u{FEFF}{\"é\": [1, \"ü\", 3]}"
        let (_, positions) = try JSONValue.parseWithPositions(Data(text.utf8), file: "host.json")
        #expect(positions.position(at: []) == JSONPosition(line: 1, column: 1))
        #expect(positions.position(at: [.key("é"), .index(2)]) == JSONPosition(line: 1, column: 16))
    }

    @Test func aValidationErrorNamesItsLine() {
        let files = ["host.json": "{\n  \"version\": \"2.0\"\n}", "Tick/function.json": Self.function]
        do {
            _ = try FunctionAppLoader.load(files: Array(files.keys), settings: [:]) { Data(files[$0]!.utf8) }
            Issue.record("loaded")
        } catch {
            let schedule = error.issues.first { $0.jsonPath == "$.bindings[0].schedule" }
            #expect(schedule?.file == "Tick/function.json")
            #expect(schedule?.line == 7, "\(error.issues)")
        }
        let badHost = ["host.json": "{\n  \"version\": \"2.0\",\n  \"functionTimeout\": 12\n}", "Tick/function.json": "{\"bindings\": []}"]
        do {
            _ = try FunctionAppLoader.load(files: Array(badHost.keys), settings: [:]) { Data(badHost[$0]!.utf8) }
            Issue.record("loaded")
        } catch {
            let timeout = error.issues.first { $0.file == "host.json" }
            #expect(timeout?.jsonPath == "$.functionTimeout" && timeout?.line == 3, "\(error.issues)")
        }
    }

    @Test func aSyntaxErrorIssueCarriesItsLine() {
        let files = ["host.json": "{\n  \"version\": \"2.0\"\n  \"x\": 1\n}"]
        do {
            _ = try FunctionAppLoader.load(files: Array(files.keys), settings: [:]) { Data(files[$0]!.utf8) }
            Issue.record("loaded")
        } catch {
            #expect(error.issues.first?.line == 3, "\(error.issues)")
        }
    }
}
