import HearthCore

extension Principal {
    /// Fails with 403 unless the role may change state.
    package func requireWrite(_ action: String) throws {
        guard role.canWrite else {
            throw ManagementError(.forbidden, "a \(role) token cannot \(action); use a contributor, owner or admin token")
        }
    }

    /// Fails with 403 unless this is the instance administrator.
    func requireAdmin(_ action: String) throws {
        guard isAdmin else {
            throw ManagementError(.forbidden, "only an admin token can \(action); this token's role is \(role)")
        }
    }

    /// Whether secret values (secret settings, key values) may be returned to the caller.
    package var canReadSecrets: Bool { role.canReadSecrets }
}
