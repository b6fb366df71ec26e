import HearthCore
public import HearthStore

/// The first start of an instance: create the admin API token.
public enum AdminBootstrap {
    /// Creates an instance admin token named `admin` if the store has no tokens at all.
    ///
    /// The store keeps only the token's SHA-256; the plain token is returned once, to be shown to
    /// the operator, and cannot be recovered afterwards.
    ///
    /// ```swift
    /// if let token = try await AdminBootstrap.ensureAdminToken(store: store) {
    ///     print("Admin API token (shown once): \(token)")
    /// }
    /// ```
    /// - Parameter store: The instance's store.
    /// - Returns: The new token, or `nil` when tokens already existed.
    public static func ensureAdminToken(store: any ManagementStore) async throws -> String? {
        guard try await store.tokens().isEmpty else { return nil }
        let secret = APITokenSecret.generate()
        try await store.createToken(APIToken(name: "admin", role: .admin), secretHash: APITokenSecret.hash(secret))
        return secret
    }
}
