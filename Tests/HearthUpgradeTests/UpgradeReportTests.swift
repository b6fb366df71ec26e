import Foundation
import HearthCore
import HearthUpgrade
import Testing

/// Report renderers: JSON is stable and versioned; text and Markdown carry the same facts.
@Suite struct UpgradeReportTests {
    private func report() throws -> UpgradeReport {
        let plan = try UpgradePlanner().plan(files: FixtureCorpus.readTree(FixtureCorpus.input("csharp-class-library")))
        return UpgradeReport(plan: plan, app: "csharp-class-library")
    }

    @Test func jsonIsVersionedSortedAndRoundTrips() throws {
        let report = try report()
        let json = report.json()
        let value = try JSONValue.parse(json, file: "report.json")
        #expect(value["schemaVersion"] == 1)
        let keys = value.objectValue!.map(\.key)
        #expect(keys == keys.sorted())
        #expect(try JSONDecoder().decode(UpgradeReport.self, from: Data(json.utf8)) == report)
        #expect(report.json() == json)
    }

    @Test func textAndMarkdownListChangesAndSteps() throws {
        let report = try report()
        let text = report.text()
        #expect(text.contains("HttpFunctions.cs:13  [FunctionName(\"Hello\")] → [Function(\"Hello\")]  [csharp.function-attribute]"))
        #expect(text.contains("[blocking] QueueFunctions.cs:16"))
        let markdown = report.markdown()
        #expect(markdown.contains("| Severity | File | Line | Problem | Fix | Rule |"))
        #expect(markdown.contains("`csharp.collector`"))
        #expect(report.summary.blocking > 0)
    }
}
