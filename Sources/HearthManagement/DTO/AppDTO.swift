package import Foundation
package import HearthCore

/// An app as lists return it.
package struct AppDTO: Codable, Sendable {
    package var id: UUID
    package var name: String
    package var tenant: String
    /// `{app}.{base domain}`, where the worker serves the app.
    package var defaultHostName: String
    package var hostNames: [String]
    package var activeDeploymentId: UUID?
    package var createdAt: Date

    package init(_ app: AppRecord, tenantName: String, baseDomain: String) {
        id = app.id
        name = app.name
        tenant = tenantName
        defaultHostName = "\(app.name).\(baseDomain)"
        hostNames = app.hostNames
        activeDeploymentId = app.activeDeploymentID
        createdAt = app.createdAt
    }
}
