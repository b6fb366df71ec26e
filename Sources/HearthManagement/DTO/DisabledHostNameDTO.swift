import HearthCore

/// A custom host name that routes nowhere, and why.
package struct DisabledHostNameDTO: Codable, Sendable {
    package var hostName: String
    package var reason: String

    init(_ disabled: DisabledHostName) {
        hostName = disabled.hostName
        reason = disabled.reason
    }
}
