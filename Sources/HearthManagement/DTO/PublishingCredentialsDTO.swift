import Foundation
import HearthCore

/// An app's publishing credentials as the API returns them; the password is masked for roles that
/// may not read secrets.
struct PublishingCredentialsDTO: Codable, Sendable {
    var userName: String
    /// The password, or `null` when masked.
    var password: String?
    var masked: Bool
    /// The Kudu endpoint to publish to (`POST {scmUri}/api/zipdeploy`).
    var scmUri: String
    var updatedAt: Date

    init(_ credentials: PublishingCredentials, revealPassword: Bool, scmURL: String) {
        userName = credentials.userName
        password = revealPassword ? credentials.password : nil
        masked = !revealPassword
        scmUri = scmURL
        updatedAt = credentials.updatedAt
    }
}
