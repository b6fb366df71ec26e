import Foundation
import HearthCore
import HearthUpgrade
import Testing

@testable import HearthManagement

/// The decision to upgrade a v1 app at deploy time, the refusal's wording, and the pure parts of the
/// deploy-time upgrade (settings to apply, names only in local.settings.json, report lines). No I/O.
@Suite struct V1UpgradePolicyTests {
    @Test func theRequestOrTheAppSettingUpgrades() {
        #expect(V1UpgradePolicy.decide(requested: true, settings: [:]) == .upgrade(because: "upgrade=true was requested"))
        for value in ["true", "TRUE", " True "] {
            #expect(
                V1UpgradePolicy.decide(requested: false, settings: ["HEARTH_UPGRADE_V1": value])
                    == .upgrade(because: "the app setting HEARTH_UPGRADE_V1 is true")
            )
        }
        for value in ["false", "1", "yes", ""] {
            #expect(V1UpgradePolicy.decide(requested: false, settings: ["HEARTH_UPGRADE_V1": value]) == .asUploaded)
        }
        #expect(V1UpgradePolicy.decide(requested: false, settings: [:]) == .asUploaded)
        // The setting's name is exact, as the host reads app settings.
        #expect(V1UpgradePolicy.decide(requested: false, settings: ["hearth_upgrade_v1": "true"]) == .asUploaded)
    }

    @Test func theQueryFlagIsTrueOrFalse() throws {
        #expect(try V1UpgradePolicy.requested(nil) == false)
        #expect(try V1UpgradePolicy.requested("true"))
        #expect(try V1UpgradePolicy.requested("False") == false)
        #expect(throws: ManagementError.self) { try V1UpgradePolicy.requested("1") }
        #expect(throws: ManagementError.self) { try V1UpgradePolicy.requested("yes") }
    }

    @Test func theRefusalNamesBothWaysAndKeepsOtherIssues() {
        let v1 = AppValidationIssue(
            severity: .error,
            file: "host.json",
            jsonPath: "$.version",
            problem: "no version",
            fix: HostConfiguration.v1AppFix
        )
        let other = AppValidationIssue(severity: .error, file: "A/function.json", jsonPath: "$", problem: "bad", fix: "fix it")
        let refusal = V1UpgradePolicy.refusal(AppValidationError(issues: [v1, other]))
        #expect(refusal.issues.count == 2)
        let fix = refusal.issues[0].fix
        #expect(fix.contains("HEARTH_UPGRADE_V1=true"))
        #expect(fix.contains("upgrade=true"))
        #expect(fix.contains("hearth app deploy --upgrade"))
        #expect(fix.contains("/api/zipdeploy?upgrade=true"))
        #expect(fix.contains("hearth upgrade <folder>"))
        #expect(refusal.issues[1] == other)
    }

    @Test func impliedSettingsResolveAgainstTheAppsSettings() {
        let implied = [
            ImpliedSetting(name: "FUNCTIONS_EXTENSION_VERSION", value: .literal("~4"), rule: "settings.extension-version"),
            ImpliedSetting(name: "FUNCTIONS_WORKER_RUNTIME", value: .literal("node"), rule: "settings.worker-runtime"),
            ImpliedSetting(name: "AzureWebJobs.A.Disabled", value: .copy(of: "DISABLE_A"), rule: "settings.function-disabled"),
            ImpliedSetting(name: "AzureWebJobs.B.Disabled", value: .copy(of: "DISABLE_B"), rule: "settings.function-disabled"),
            ImpliedSetting(name: "FUNCTIONS_WORKER_RUNTIME", value: .literal("python"), rule: "settings.worker-runtime"),
        ]
        let current = ["FUNCTIONS_EXTENSION_VERSION": "~4", "DISABLE_A": "true"]
        let resolved = DeployTimeUpgrade.resolve(implied, current: current)
        // Already set to that value: not applied again. A copy of a missing setting: reported, not applied.
        #expect(resolved.apply.map(\.name) == ["FUNCTIONS_WORKER_RUNTIME", "AzureWebJobs.A.Disabled"])
        #expect(resolved.apply.map(\.value) == ["node", "true"])
        #expect(resolved.unresolved == ["AzureWebJobs.B.Disabled"])
    }

    @Test func localSettingsGiveNamesTheAppLacksOnly() {
        let file = Data(#"{"IsEncrypted": false, "Values": {"B_KEY": "secret-b", "A": "1", "KNOWN": "x"}}"#.utf8)
        #expect(DeployTimeUpgrade.localOnlyNames(file, current: ["KNOWN": "y"]) == ["A", "B_KEY"])
        #expect(DeployTimeUpgrade.localOnlyNames(Data(#"{"IsEncrypted": false}"#.utf8), current: [:]) == [])
        #expect(DeployTimeUpgrade.localOnlyNames(Data("not json".utf8), current: [:]) == nil)
    }

    @Test func reportLinesLeaveOutLocalSettings() throws {
        let files: [String: Data] = [
            "host.json": Data(#"{"http": {"routePrefix": "api"}}"#.utf8),
            "Nightly/function.json": Data(
                #"{"disabled": true, "bindings": [{"type": "timerTrigger", "direction": "in", "name": "t", "schedule": "0 0 2 * * *"}]}"#.utf8
            ),
            "Nightly/index.js": Data("module.exports = function (context, t) { context.done(); };".utf8),
        ]
        let plan = try UpgradePlanner().plan(files: files)
        #expect(plan.impliedSettings.map(\.name) == ["FUNCTIONS_EXTENSION_VERSION", "FUNCTIONS_WORKER_RUNTIME", "AzureWebJobs.Nightly.Disabled"])
        let lines = DeployTimeUpgrade.warnings(for: plan)
        #expect(lines.contains { $0.hasPrefix("upgrade: Nightly/function.json:1 ") && $0.hasSuffix("[function.disabled]") })
        #expect(lines.contains { $0.hasPrefix("upgrade [info]: ") && $0.contains("[app.detected]") })
        #expect(!lines.contains { $0.contains("local.settings.json") })
        #expect(
            lines.count == plan.changes.filter { $0.file != "local.settings.json" }.count
                + plan.manualSteps.filter { $0.file != "local.settings.json" }.count
        )
    }
}
