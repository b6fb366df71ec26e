import Foundation
import HearthUpgrade
import Testing

/// An upgrade to a .NET model says Hearth cannot run the result (it has no .NET worker and refuses
/// to deploy it); other languages get no such step.
@Suite struct HearthWorkerNoteTests {
    func steps(_ scenario: String) throws -> [ManualStep] {
        try UpgradePlanner().plan(files: FixtureCorpus.readTree(FixtureCorpus.input(scenario))).manualSteps
            .filter { $0.rule == "hearth.no-dotnet-worker" }
    }

    @Test func classLibraryConvertedToTheIsolatedModel() throws {
        let steps = try steps("csharp-class-library")
        #expect(steps.count == 1)
        let step = try #require(steps.first)
        #expect(step.severity == .warning)
        #expect(step.message.contains("Hearth cannot run the upgraded app"))
        #expect(step.message.contains("the .NET isolated worker model (FUNCTIONS_WORKER_RUNTIME=dotnet-isolated)"))
        #expect(step.message.contains("refuses to deploy it"))
        #expect(step.fix.contains("Azure Functions"))
    }

    @Test func csharpScriptKeptInProcess() throws {
        let step = try #require(try steps("csharp-script").first)
        #expect(step.message.contains("FUNCTIONS_WORKER_RUNTIME=dotnet)"))
    }

    @Test(arguments: ["js-http", "custom-handler"])
    func otherLanguagesHaveNoStep(_ scenario: String) throws {
        #expect(try steps(scenario).isEmpty)
    }
}
