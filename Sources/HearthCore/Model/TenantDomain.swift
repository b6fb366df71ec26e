public import Foundation

/// A domain suffix an instance admin granted to one tenant: its apps may use the suffix itself
/// and any name below it as custom host names, and no other tenant may.
///
/// Azure asks for a DNS verification record before a custom domain routes to an app; on premises
/// the instance admin vouches for the domain instead (`hearth tenant domains add acme apps.acme.corp`).
public struct TenantDomain: Sendable, Hashable, Codable {
    /// A lower-case DNS name such as `apps.acme.corp`.
    public var suffix: String
    public var tenantID: UUID
    public var createdAt: Date

    public init(suffix: String, tenantID: UUID, createdAt: Date = Date()) {
        self.suffix = suffix
        self.tenantID = tenantID
        self.createdAt = createdAt
    }

    /// Whether `hostName` (lower case) is the suffix or a name below it.
    public func covers(_ hostName: String) -> Bool {
        hostName == suffix || hostName.hasSuffix("." + suffix)
    }
}
