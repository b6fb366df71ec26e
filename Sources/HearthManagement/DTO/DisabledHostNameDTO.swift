import HearthCore

/// A custom host name that routes nowhere, and why.
struct DisabledHostNameDTO: Codable, Sendable {
    var hostName: String
    var reason: String

    init(_ disabled: DisabledHostName) {
        hostName = disabled.hostName
        reason = disabled.reason
    }
}
