import Foundation
import HearthUpgrade
import Testing

/// Runs every scenario of the corpus through the planner and compares with the goldens.
@Suite struct FixtureCorpusTests {
    @Test(arguments: FixtureCorpus.scenarios)
    func scenarioMatchesGolden(_ scenario: String) throws {
        let folder = FixtureCorpus.root.appendingPathComponent(scenario)
        let input = FixtureCorpus.readTree(FixtureCorpus.input(scenario))
        let errorFile = folder.appendingPathComponent("expected-error.txt")
        let plan: UpgradePlan
        do {
            plan = try UpgradePlanner().plan(files: input)
        } catch {
            if FixtureCorpus.updateGolden { try Data((error.description + "\n").utf8).write(to: errorFile) }
            let expected = try String(contentsOf: errorFile, encoding: .utf8)
            #expect(error.description + "\n" == expected)
            return
        }
        let output = FixtureCorpus.applying(plan, to: input)
        let report = UpgradeReport(plan: plan, app: scenario).json()
        let expectedFolder = folder.appendingPathComponent("expected")
        let reportFile = folder.appendingPathComponent("expected-report.json")
        if FixtureCorpus.updateGolden {
            try FixtureCorpus.writeTree(output, to: expectedFolder)
            try Data(report.utf8).write(to: reportFile)
        }
        let expected = FixtureCorpus.readTree(expectedFolder)
        #expect(Set(output.keys) == Set(expected.keys), "files differ in \(scenario)")
        for (path, data) in output.sorted(by: { $0.key < $1.key }) {
            #expect(String(decoding: data, as: UTF8.self) == expected[path].map { String(decoding: $0, as: UTF8.self) }, "\(scenario)/\(path)")
        }
        #expect(report == (try String(contentsOf: reportFile, encoding: .utf8)), "report of \(scenario)")
    }

    @Test(arguments: FixtureCorpus.scenarios)
    func upgradingTwiceChangesNothing(_ scenario: String) throws {
        let input = FixtureCorpus.readTree(FixtureCorpus.input(scenario))
        guard let first = try? UpgradePlanner().plan(files: input) else { return }
        let second = try UpgradePlanner().plan(files: FixtureCorpus.applying(first, to: input))
        #expect(second.writes.isEmpty, "\(scenario): second run writes \(second.writes.keys.sorted())")
        #expect(second.deletions.isEmpty)
        #expect(second.changes.isEmpty, "\(scenario): \(second.changes)")
    }

    @Test func everyRuleIsCoveredByAFixture() throws {
        var used: Set<String> = []
        for scenario in FixtureCorpus.scenarios {
            let file = FixtureCorpus.root.appendingPathComponent(scenario).appendingPathComponent("expected-report.json")
            guard let data = try? Data(contentsOf: file) else { continue }
            let report = try JSONDecoder().decode(UpgradeReport.self, from: data)
            used.formUnion(report.changes.map(\.rule))
            used.formUnion(report.manualSteps.map(\.rule))
        }
        let missing = UpgradeRule.all.map(\.id).filter { !used.contains($0) }
        #expect(missing.isEmpty, "rules without a fixture: \(missing)")
    }

    @Test func ruleIDsAreUnique() {
        let ids = UpgradeRule.all.map(\.id)
        #expect(Set(ids).count == ids.count)
    }
}
