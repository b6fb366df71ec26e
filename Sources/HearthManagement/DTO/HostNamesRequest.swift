/// `PUT /api/apps/{app}/hostnames` body.
package struct HostNamesRequest: Codable, Sendable {
    package var hostNames: [String]

    package init(hostNames: [String]) {
        self.hostNames = hostNames
    }
}
