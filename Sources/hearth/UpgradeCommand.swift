internal import ArgumentParser
internal import Foundation
internal import HearthUpgrade

/// `hearth upgrade APP_FOLDER [--to v4] [--dry-run] [--out DIR] [--report FILE] [--format text|json|markdown]`
///
/// Exit status: 0 upgraded (or nothing to do), 1 upgraded but blocking manual steps remain,
/// 2 bad input (missing folder, unparsable file — named with line and column —, unsupported `--to`,
/// non-empty `--out`); nothing is written then. Argument syntax errors exit 64 (ArgumentParser).
struct UpgradeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upgrade",
        abstract: "Upgrade an Azure Functions v1 app to v4, with a report of every change and manual step.",
        discussion: """
            Without --out the app is upgraded in place after a backup to a sibling folder \
            <app>.v1-backup-<yyyyMMdd-HHmmss>. --dry-run writes nothing. The report goes to stdout, or to \
            --report FILE. Exit status: 0 done, 1 blocking manual steps remain, 2 bad input.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, markdown
    }

    @Argument(help: "The function app folder (the one with host.json).")
    var appFolder: String

    @Option(name: .customLong("to"), help: "The target runtime version.")
    var target: String = "v4"

    @Flag(help: "Plan and report only; write nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("Write the upgraded app to this new or empty folder instead of in place.", valueName: "DIR"))
    var out: String?

    @Option(help: ArgumentHelp("Write the report to this file instead of stdout.", valueName: "FILE"))
    var report: String?

    @Option(help: "The report format.")
    var format: Format = .text

    @Option(help: "Target framework for converted C# class libraries (net8.0, or net48 for .NET Framework isolated).")
    var dotnetFramework: String = "net8.0"

    func run() async throws {
        var configuration = UpgradeRunner.Configuration(
            options: UpgradeOptions(target: target, classLibraryFramework: dotnetFramework),
            dryRun: dryRun,
            outputDirectory: out.map { URL(fileURLWithPath: $0) }
        )
        configuration.now = { Date() }
        let outcome: UpgradeOutcome
        do {
            outcome = try UpgradeRunner(configuration: configuration).run(appFolder: URL(fileURLWithPath: appFolder))
        } catch {
            FileHandle.standardError.write(Data("error: \(error.description)\nNothing was written.\n".utf8))
            throw ExitCode(2)
        }
        let rendered: String
        switch format {
        case .text: rendered = outcome.report.text()
        case .json: rendered = outcome.report.json()
        case .markdown: rendered = outcome.report.markdown()
        }
        if let report {
            do {
                try Data(rendered.utf8).write(to: URL(fileURLWithPath: report), options: .atomic)
            } catch {
                FileHandle.standardError.write(Data("error: cannot write the report to \(report): \(error)\n".utf8))
                throw ExitCode(2)
            }
            FileHandle.standardError.write(
                Data(outcome.report.text().split(separator: "\n").suffix(2).joined(separator: "\n").utf8 + Data("\n".utf8))
            )
        } else {
            print(rendered, terminator: "")
        }
        if outcome.plan.hasBlockingSteps { throw ExitCode(1) }
    }
}
