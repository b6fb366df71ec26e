public import Foundation

/// A function app as the store keeps it: its identity, its tenant, its custom host names and the
/// deployment that currently serves it.
public struct AppRecord: Sendable, Hashable, Codable {
    public var id: UUID
    public var tenantID: UUID
    /// A DNS label, unique in the instance; the app is served at `{name}.{base domain}`.
    public var name: String
    /// The deployment that serves the app, or `nil` before the first successful deploy.
    public var activeDeploymentID: UUID?
    /// Extra host names (custom DNS names) that route to this app, lower-cased.
    public var hostNames: [String]
    public var createdAt: Date

    public init(
        id: UUID = UUID(),
        tenantID: UUID,
        name: String,
        activeDeploymentID: UUID? = nil,
        hostNames: [String] = [],
        createdAt: Date = Date()
    ) {
        self.id = id
        self.tenantID = tenantID
        self.name = name
        self.activeDeploymentID = activeDeploymentID
        self.hostNames = hostNames
        self.createdAt = createdAt
    }
}
