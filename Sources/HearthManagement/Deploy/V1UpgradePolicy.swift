import Foundation
import HearthCore

/// Whether a deployment upgrades a Functions v1 app on the way in, and what a refused v1 app is
/// told. Pure: the caller passes the query flag and the app's settings.
///
/// An app upgrades at deploy time when the request asks for it (`upgrade=true` on the API and on
/// Kudu's `/api/zipdeploy`, `hearth app deploy --upgrade`) or when its setting `HEARTH_UPGRADE_V1`
/// is `true` (so an IDE's publish needs nothing new). Otherwise a v1 app is refused, and the
/// refusal names both ways.
enum V1UpgradePolicy {
    /// The app setting that makes every deployment of the app upgrade v1 packages.
    static let settingName = "HEARTH_UPGRADE_V1"
    /// The query parameter of the API and of Kudu's zip deploy.
    static let queryParameter = "upgrade"

    enum Decision: Equatable {
        /// Validate the package as uploaded.
        case asUploaded
        /// Run the upgrade first; the reason goes to the deployment log.
        case upgrade(because: String)
    }

    /// What a refused v1 app is told: both ways to have it upgraded on the way in, and the manual one.
    static let refusalFix =
        "this is a Functions v1 app; to upgrade it on the way in, deploy with upgrade=true (hearth app deploy --upgrade, "
        + "or /api/zipdeploy?upgrade=true) or set the app setting \(settingName)=true; "
        + "or run 'hearth upgrade <folder>' and deploy the result"

    static func decide(requested: Bool, settings: [String: String]) -> Decision {
        if requested { return .upgrade(because: "\(queryParameter)=true was requested") }
        if isTrue(settings[settingName]) { return .upgrade(because: "the app setting \(settingName) is true") }
        return .asUploaded
    }

    /// The `upgrade` query value: absent or `false` is `false`, `true` is `true` (any case).
    /// - Throws: ``ManagementError`` (400) for anything else, so a typo does not deploy unexpectedly.
    static func requested(_ value: String?) throws -> Bool {
        guard let value else { return false }
        switch value.lowercased() {
        case "true": return true
        case "false", "": return false
        default: throw ManagementError(.badRequest, "\(queryParameter) must be true or false, not '\(value)'")
        }
    }

    /// A validation error with every v1 issue's fix replaced by ``refusalFix``; other issues as they were.
    static func refusal(_ error: AppValidationError) -> AppValidationError {
        AppValidationError(
            issues: error.issues.map { issue in
                guard issue.fix == HostConfiguration.v1AppFix else { return issue }
                var rewritten = issue
                rewritten.fix = refusalFix
                return rewritten
            }
        )
    }

    private static func isTrue(_ value: String?) -> Bool {
        value?.trimmingCharacters(in: .whitespaces).lowercased() == "true"
    }
}
