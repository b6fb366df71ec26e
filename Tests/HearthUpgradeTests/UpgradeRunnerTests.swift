import Foundation
import HearthUpgrade
import Testing

/// The I/O layer: dry run, in place with backup, --out, broken input.
@Suite struct UpgradeRunnerTests {
    private func snapshot(_ folder: URL) -> [String: Data] { FixtureCorpus.readTree(folder) }

    private func siblings(of app: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: app.deletingLastPathComponent().path).sorted()
    }

    @Test func dryRunWritesNothing() throws {
        let app = try FixtureCorpus.temporaryCopy(of: "js-http")
        defer { FixtureCorpus.removeCopy(app) }
        let before = snapshot(app)
        let outcome = try UpgradeRunner(configuration: .init(dryRun: true)).run(appFolder: app)
        #expect(!outcome.plan.changes.isEmpty)
        #expect(outcome.report.output.mode == "dry-run")
        #expect(snapshot(app) == before)
        #expect(try siblings(of: app) == ["js-http"])
    }

    @Test func inPlaceKeepsABackupFirst() throws {
        let app = try FixtureCorpus.temporaryCopy(of: "csharp-script")
        defer { FixtureCorpus.removeCopy(app) }
        let before = snapshot(app)
        var configuration = UpgradeRunner.Configuration()
        configuration.now = { Date(timeIntervalSince1970: 1_700_000_000) }
        let outcome = try UpgradeRunner(configuration: configuration).run(appFolder: app)
        let backup = app.deletingLastPathComponent().appendingPathComponent("csharp-script.v1-backup-20231114-221320")
        #expect(outcome.report.output.backup == backup.path)
        #expect(snapshot(backup) == before)
        let expected = FixtureCorpus.readTree(FixtureCorpus.root.appendingPathComponent("csharp-script/expected"))
        #expect(snapshot(app) == expected)
        #expect(!FileManager.default.fileExists(atPath: app.appendingPathComponent("HttpCsx/project.json").path))
    }

    @Test func secondInPlaceRunChangesNothingAndMakesNoBackup() throws {
        let app = try FixtureCorpus.temporaryCopy(of: "js-timer")
        defer { FixtureCorpus.removeCopy(app) }
        _ = try UpgradeRunner().run(appFolder: app)
        let upgraded = snapshot(app)
        let siblingsAfterFirst = try siblings(of: app)
        let second = try UpgradeRunner().run(appFolder: app)
        #expect(second.plan.changes.isEmpty)
        #expect(snapshot(app) == upgraded)
        #expect(try siblings(of: app) == siblingsAfterFirst)
    }

    @Test func alreadyV4AppIsNotTouched() throws {
        let app = try FixtureCorpus.temporaryCopy(of: "already-v4")
        defer { FixtureCorpus.removeCopy(app) }
        let before = snapshot(app)
        let outcome = try UpgradeRunner().run(appFolder: app)
        #expect(outcome.plan.isEmpty && outcome.plan.changes.isEmpty)
        #expect(outcome.report.output.backup == nil)
        #expect(snapshot(app) == before)
        #expect(try siblings(of: app) == ["already-v4"])
    }

    @Test func outWritesTheUpgradedTreeElsewhere() throws {
        let app = try FixtureCorpus.temporaryCopy(of: "custom-handler")
        defer { FixtureCorpus.removeCopy(app) }
        let before = snapshot(app)
        let out = app.deletingLastPathComponent().appendingPathComponent("out")
        _ = try UpgradeRunner(configuration: .init(outputDirectory: out)).run(appFolder: app)
        #expect(snapshot(app) == before)
        #expect(snapshot(out) == FixtureCorpus.readTree(FixtureCorpus.root.appendingPathComponent("custom-handler/expected")))
    }

    @Test func outMustBeEmpty() throws {
        let app = try FixtureCorpus.temporaryCopy(of: "js-http")
        defer { FixtureCorpus.removeCopy(app) }
        let out = app.deletingLastPathComponent().appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: out.appendingPathComponent("keep.txt"))
        #expect { try UpgradeRunner(configuration: .init(outputDirectory: out)).run(appFolder: app) } throws: { error in
            (error as? UpgradeError)?.code == .outputNotEmpty
        }
    }

    @Test func brokenInputNamesFileLineColumnAndWritesNothing() throws {
        let app = try FixtureCorpus.temporaryCopy(of: "broken-json")
        defer { FixtureCorpus.removeCopy(app) }
        let before = snapshot(app)
        do {
            _ = try UpgradeRunner().run(appFolder: app)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidInput)
            #expect(error.file == "Broken/function.json")
            #expect(error.line == 6)
            #expect(error.column == 7)
            #expect(error.description.hasPrefix("Broken/function.json:6:7: "))
        }
        #expect(snapshot(app) == before)
        #expect(try siblings(of: app) == ["broken-json"])
    }

    @Test func missingFolderIsNotAFunctionApp() {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-app-\(UUID().uuidString)")
        #expect { try UpgradeRunner().run(appFolder: missing) } throws: { error in
            (error as? UpgradeError)?.code == .notAFunctionApp
        }
    }
}
