import Foundation
import HearthCore
import HearthProfiles

/// Builds an app's `.PublishSettings`: one ZipDeploy profile (the only method Hearth serves) whose
/// `publishUrl` is this instance's Kudu endpoint and whose `destinationAppUrl` is the app's URL
/// (its first custom host name if it has one, else `{app}.{baseDomain}`), on the worker's public
/// scheme and port.
struct PublishProfileBuilder {
    let configuration: ManagementConfiguration

    func settings(app: AppRecord, credentials: PublishingCredentials, scmURL: String) -> PublishSettings {
        var profile = PublishProfile(
            profileName: "\(app.name) - Zip Deploy",
            publishMethod: .zipDeploy,
            publishUrl: scmURL,
            userName: credentials.userName,
            userPWD: credentials.password
        )
        profile.destinationAppUrl = destinationURL(app: app)
        // Azure writes these (empty) on every profile; some importers expect them.
        for name in ["SQLServerDBConnectionString", "mySQLDBConnectionString", "hostingProviderForumLink", "controlPanelLink"] {
            profile[attribute: name] = ""
        }
        profile[attribute: "webSystem"] = "WebSites"
        return PublishSettings(profiles: [profile])
    }

    func destinationURL(app: AppRecord) -> String {
        let worker = URLComponents(string: configuration.workerPublicURL)
        let scheme = worker?.scheme ?? "http"
        let port = worker?.port.map { ":\($0)" } ?? ""
        let host = app.hostNames.first ?? "\(app.name).\(configuration.baseDomain)"
        return "\(scheme)://\(host)\(port)"
    }
}
