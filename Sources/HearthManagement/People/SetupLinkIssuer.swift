package import Foundation
import HearthCore
package import HearthStore

/// Issues one-time setup links: a new token whose SHA-256 the store keeps, replacing the user's
/// older unused links. The caller shows `{portal}/setup/{token}` once and never logs it.
package struct SetupLinkIssuer: Sendable {
    let store: any PeopleStore
    let lifetime: Duration

    package init(store: any PeopleStore, lifetime: Duration = .seconds(24 * 3600)) {
        self.store = store
        self.lifetime = lifetime
    }

    /// A new link's token for `userID`, valid until `now + lifetime`.
    package func issue(for userID: UUID, now: Date = Date()) async throws -> String {
        _ = try await store.deleteSetupLinks(userID: userID)
        let token = SessionToken.generate().value
        let seconds = TimeInterval(lifetime.components.seconds)
        let link = SetupLink(tokenHash: SessionToken.hash(token), userID: userID, createdAt: now, expiresAt: now.addingTimeInterval(seconds))
        try await store.createSetupLink(link)
        return token
    }
}
