internal import Foundation
internal import HearthCore

/// Fact sheet §1 as a table: what happens to each v1 app setting found in `local.settings.json` `Values`.
struct AppSettingsRules {
    enum Action {
        /// Replace the value when `needsChange` says so.
        case replace(with: String, needsChange: @Sendable (String) -> Bool)
        /// Remove the setting.
        case remove
        /// Keep the setting; only raise the step.
        case keep
    }

    var key: String
    var rule: String
    var action: Action
    var step: (severity: ManualStep.Severity, message: String, fix: String)?

    static let table: [AppSettingsRules] = [
        .init(
            key: "FUNCTIONS_EXTENSION_VERSION",
            rule: "settings.extension-version",
            action: .replace(with: "~4", needsChange: { !Detector.isV4($0) }),
            step: nil
        ),
        .init(
            key: "AzureWebJobsDashboard",
            rule: "settings.dashboard",
            action: .remove,
            step: (
                .info,
                "AzureWebJobsDashboard is not supported in 4.x; the portal Monitor tab uses Application Insights.",
                "Set APPLICATIONINSIGHTS_CONNECTION_STRING (preferred) or APPINSIGHTS_INSTRUMENTATIONKEY — never both."
            )
        ),
        .init(
            key: "WEBSITE_NODE_DEFAULT_VERSION",
            rule: "settings.node-version",
            action: .replace(with: "~20", needsChange: AppSettingsUpgrader.isOldNode),
            step: (
                .info,
                "Node 6/8/10/12 are not supported by the v4 host; the app now targets Node 20 LTS.",
                "On Windows set WEBSITE_NODE_DEFAULT_VERSION=~20 in Azure; on Linux set linuxFxVersion Node|20."
            )
        ),
        .init(
            key: "AzureWebJobsSecretStorageType",
            rule: "settings.secret-storage",
            action: .keep,
            step: (
                .warning,
                "Keys were stored in files by v1; v2+ defaults to encrypted blob storage, and file keys are reset on upgrade.",
                "Leave the setting unset (blob) unless you must keep files; re-distribute function and host keys after the upgrade."
            )
        ),
    ]
}
