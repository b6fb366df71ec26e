import Foundation
import HearthCore
import Testing

/// Validation issues name the line (and column) of the JSON they are about.
@Suite struct AppValidationPositionTests {
    private func issues(_ files: [String: String]) -> [AppValidationIssue] {
        do {
            _ = try FunctionAppLoader.load(files: Array(files.keys), settings: [:]) { path in Data(files[path]!.utf8) }
            Issue.record("the app loaded")
            return []
        } catch {
            return error.issues
        }
    }

    @Test func anInvalidMemberIsFoundAtItsKey() {
        let found = issues([
            "host.json": #"{"version": "2.0"}"#,
            "Tick/function.json": """
            {
              "bindings": [
                {
                  "type": "timerTrigger", "direction": "in", "name": "t",
                  "schedule": "0 * * *"
                }
              ]
            }
            """,
        ])
        #expect(found.count == 1)
        #expect(found.first?.jsonPath == "$.bindings[0].schedule")
        #expect(found.first?.position == JSONPosition(line: 5, column: 7))
        #expect(found.first?.location == "Tick/function.json:5:7")
    }

    @Test func aMissingMemberPointsAtTheObjectThatLacksIt() {
        let found = issues([
            "host.json": #"{"version": "2.0"}"#,
            "NoType/function.json": "{\n  \"bindings\": [\n    {\"direction\": \"in\", \"name\": \"x\"}\n  ]\n}",
        ])
        #expect(found.first?.jsonPath == "$.bindings[0].type")
        #expect(found.first?.position == JSONPosition(line: 3, column: 5))
    }

    @Test func aSyntaxErrorCarriesItsPositionAndAMissingFileNone() {
        let broken = issues(["host.json": "{\n  \"version\": \"2.0\",,\n}"])
        #expect(broken.first?.position?.line == 2)
        let missing = issues(["Hello/function.json": #"{"bindings": []}"#])
        #expect(missing.first { $0.file == "host.json" }?.position == nil)
        #expect(missing.first { $0.file == "host.json" }?.location == "host.json")
    }
}
