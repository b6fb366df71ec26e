public import Foundation

/// A custom host name kept in the store but routed nowhere, because it breaks a rule it was
/// stored before (an IP literal, a name outside its tenant's domains, …).
public struct DisabledHostName: Sendable, Hashable, Codable {
    public var hostName: String
    public var appID: UUID
    /// Why Hearth stopped routing it, naming the fix.
    public var reason: String

    public init(hostName: String, appID: UUID, reason: String) {
        self.hostName = hostName
        self.appID = appID
        self.reason = reason
    }
}
