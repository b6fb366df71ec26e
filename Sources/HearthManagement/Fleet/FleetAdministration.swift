package import Foundation
package import HearthCore
package import HearthStore

/// What an admin does to the fleet's workers, shared by the API (``WorkerRoutes``) and the
/// portal's Workers page so both answer alike: issue a one-time enrolment token, drain a worker,
/// make it ready again, revoke it. Callers check the admin role first.
package struct FleetAdministration: Sendable {
    package let store: any ManagementStore

    package static let defaultValidMinutes = 60
    package static let maxValidMinutes = 7 * 24 * 60

    package init(store: any ManagementStore) { self.store = store }

    /// A new enrolment token (shown once: only its hash is kept), valid `minutes` from `now`.
    ///
    /// Throws ``ManagementError`` (bad request) for minutes outside 1 to a week.
    package func issueEnrolmentToken(by creator: String, validMinutes minutes: Int, at now: Date) async throws -> EnrolmentTokenDTO {
        guard (1...Self.maxValidMinutes).contains(minutes) else {
            throw ManagementError(.badRequest, "validMinutes must be between 1 and \(Self.maxValidMinutes) (a week); it is \(minutes)")
        }
        let token = FleetSecret.generate(prefix: FleetSecret.enrolmentTokenPrefix)
        let expires = now.addingTimeInterval(TimeInterval(minutes * 60))
        try await store.createEnrolmentToken(
            EnrolmentTokenRecord(tokenHash: FleetSecret.hash(token), createdBy: creator, createdAt: now, expiresAt: expires)
        )
        return EnrolmentTokenDTO(token: token, expiresAt: expires)
    }

    /// Sets the worker `name` draining (`true`) or ready again (`false`) and returns its record.
    ///
    /// Throws ``ManagementError``: not found for an unknown name, conflict for a revoked worker.
    @discardableResult
    package func setDraining(named name: String, _ draining: Bool) async throws -> WorkerRecord? {
        guard try await store.setWorkerDraining(named: name, draining) else {
            if let record = try await store.worker(named: name), record.state == .revoked {
                throw ManagementError(.conflict, "the worker '\(name)' was revoked; enrol it again to give it work")
            }
            throw Self.noSuchWorker(name)
        }
        return try await store.worker(named: name)
    }

    /// Revokes the worker `name` and returns its record. Throws ``ManagementError`` (not found).
    @discardableResult
    package func revoke(named name: String) async throws -> WorkerRecord? {
        guard try await store.revokeWorker(named: name) else { throw Self.noSuchWorker(name) }
        return try await store.worker(named: name)
    }

    static func noSuchWorker(_ name: String) -> ManagementError {
        ManagementError(.notFound, "there is no worker named '\(name)'; list them with 'hearth workers list'")
    }
}
