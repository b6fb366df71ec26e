package import Foundation
package import HearthCore
package import HearthStore

/// The instance's first admin: the local user `admin` that a fresh instance creates, and whose
/// setup link `hearth serve` prints once and `hearth user admin-link` prints again.
package enum FirstAdmin {
    /// The first admin's login name.
    package static let subject = "admin"

    /// Creates the first admin and returns a setup link token when the store has no users at all;
    /// `nil` otherwise (the link was printed before).
    package static func ensure(store: any ManagementStore, now: Date = Date()) async throws -> String? {
        guard try await store.users().isEmpty else { return nil }
        let user = User(subject: subject, displayName: "Administrator", isAdmin: true, createdAt: now)
        do {
            try await store.createUser(user)
        } catch let error as StoreError where error.code == .conflict {
            return nil  // another management instance made it meanwhile
        }
        return try await SetupLinkIssuer(store: store).issue(for: user.id, now: now)
    }

    /// The first admin user (the local `admin`, else the oldest local admin), or `nil`.
    package static func find(store: any PeopleStore) async throws -> User? {
        if let user = try await store.user(issuer: User.localIssuer, subject: subject), user.isAdmin { return user }
        return try await store.users().filter { $0.isLocal && $0.isAdmin }.min { $0.createdAt < $1.createdAt }
    }

    /// The portal's base URL: the instance setting, else `fallback` (the management URL).
    package static func portalURL(store: any PeopleStore, fallback: String) async -> String {
        (try? await store.instanceSettings().portalURL).flatMap { $0 } ?? fallback
    }
}
