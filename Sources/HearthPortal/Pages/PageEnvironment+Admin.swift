import Foundation
import HTTPTypes
import HearthCore
import HearthManagement
import HearthStore
import Hummingbird

extension PageEnvironment {
    /// The signed-in instance admin; anyone else gets 404, so the admin pages do not show they exist.
    func requireAdmin(_ context: PortalRequestContext) throws -> PortalIdentity {
        let identity = try context.requireIdentity()
        guard identity.principal.isAdmin else { throw ManagementError(.notFound, "there is no such page") }
        return identity
    }

    /// The portal's public base URL: the instance setting when an admin set one, else the scheme
    /// and host the request came to.
    func portalBaseURL(_ request: Request) async throws -> String {
        if var url = try await store.instanceSettings().portalURL?.trimmingCharacters(in: .whitespaces), !url.isEmpty {
            while url.hasSuffix("/") { url.removeLast() }
            return url
        }
        let host =
            request.head.authority.flatMap { $0.isEmpty ? nil : $0 }
            ?? HTTPField.Name("Host").flatMap { request.headers[$0] } ?? "localhost"
        return "\(configuration.scheme)://\(host)"
    }
}
