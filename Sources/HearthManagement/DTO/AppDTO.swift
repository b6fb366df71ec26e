import Foundation
import HearthCore

/// An app as lists return it.
struct AppDTO: Codable, Sendable {
    var id: UUID
    var name: String
    var tenant: String
    /// `{app}.{base domain}`, where the worker serves the app.
    var defaultHostName: String
    var hostNames: [String]
    var activeDeploymentId: UUID?
    var createdAt: Date

    init(_ app: AppRecord, tenantName: String, baseDomain: String) {
        id = app.id
        name = app.name
        tenant = tenantName
        defaultHostName = "\(app.name).\(baseDomain)"
        hostNames = app.hostNames
        activeDeploymentId = app.activeDeploymentID
        createdAt = app.createdAt
    }
}
