import Foundation
import HearthCore
import HearthStore

/// Issues and resets apps' publishing credentials (user `$<app>`, a generated password).
///
/// Credentials are issued on first use (the first profile download, credentials call or Kudu
/// request by an API token), so apps created before publishing existed get them too. Issuing never
/// overwrites: when two callers race, the store keeps the first password and both return it.
struct PublishingCredentialsIssuer {
    let store: any ManagementStore

    /// The app's credentials, issuing them if it has none yet.
    func ensure(for app: AppRecord) async throws -> PublishingCredentials {
        if let existing = try await store.publishingCredentials(appID: app.id) { return existing }
        let fresh = PublishingCredentials(userName: PublishingCredentials.userName(forApp: app.name), password: PublishingPassword.generate())
        _ = try await store.setPublishingCredentials(appID: app.id, fresh, replace: false)
        guard let stored = try await store.publishingCredentials(appID: app.id) else {
            throw ManagementError(.notFound, "app '\(app.name)' was deleted while its publishing credentials were being issued")
        }
        return stored
    }

    /// Replaces the password; the old one stops working at once (every check reads the store).
    func reset(for app: AppRecord) async throws -> PublishingCredentials {
        let fresh = PublishingCredentials(userName: PublishingCredentials.userName(forApp: app.name), password: PublishingPassword.generate())
        _ = try await store.setPublishingCredentials(appID: app.id, fresh, replace: true)
        return fresh
    }
}
