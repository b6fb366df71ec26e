import Foundation
import HearthCore
import HearthUpgrade
import Testing

/// The upgraded JavaScript and custom-handler apps must be valid v4 apps for Hearth's own loader.
@Suite struct UpgradedAppLoadsTests {
    @Test(arguments: ["js-http", "custom-handler", "already-v4"])
    func upgradedAppLoads(_ scenario: String) throws {
        let input = FixtureCorpus.readTree(FixtureCorpus.input(scenario))
        let plan = try UpgradePlanner().plan(files: input)
        let app = FixtureCorpus.applying(plan, to: input)
        let settingsJSON = try JSONValue.parse(try #require(app["local.settings.json"]), file: "local.settings.json")
        var settings: [String: String] = [:]
        for (key, value) in settingsJSON["Values"]?.objectValue ?? [] { settings[key] = value.stringValue }
        do {
            _ = try FunctionAppLoader.load(files: Array(app.keys), settings: settings) { path in
                guard let data = app[path] else { throw CocoaError(.fileNoSuchFile) }
                return data
            }
        } catch {
            Issue.record("\(scenario) does not load: \(error.description)")
        }
    }

    @Test func v1AppIsRefusedByTheLoader() throws {
        let input = FixtureCorpus.readTree(FixtureCorpus.input("js-http"))
        #expect(throws: AppValidationError.self) {
            _ = try FunctionAppLoader.load(files: Array(input.keys), settings: [:]) { input[$0]! }
        }
    }
}
