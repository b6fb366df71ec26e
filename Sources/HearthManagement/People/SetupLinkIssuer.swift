package import Foundation
package import HearthCore
package import HearthStore

/// Issues one-time links that let a user set a password: the first admin's and each reset. The
/// token is returned once (the link shown is `{portal URL}/setup/{token}`); the store keeps only
/// its SHA-256. Issuing a link deletes the user's unused older ones.
package struct SetupLinkIssuer: Sendable {
    let store: any PeopleStore
    let lifetime: Duration

    package init(store: any PeopleStore, lifetime: Duration = .seconds(24 * 3600)) {
        self.store = store
        self.lifetime = lifetime
    }

    /// A new link token for `userID`, valid for the lifetime from `now`.
    package func issue(for userID: UUID, now: Date = Date()) async throws -> String {
        _ = try await store.deleteSetupLinks(userID: userID)
        let token = SessionToken.generate().value
        let seconds = Double(lifetime.components.seconds) + Double(lifetime.components.attoseconds) / 1e18
        try await store.createSetupLink(
            SetupLink(tokenHash: SessionToken.hash(token), userID: userID, createdAt: now, expiresAt: now.addingTimeInterval(seconds))
        )
        return token
    }

    /// The link shown to people for `token`: `{portalURL}/setup/{token}`.
    package static func link(portalURL: String, token: String) -> String {
        var base = portalURL
        while base.hasSuffix("/") { base.removeLast() }
        return "\(base)/setup/\(token)"
    }
}
