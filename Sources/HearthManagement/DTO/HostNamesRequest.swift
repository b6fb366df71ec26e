/// `PUT /api/apps/{app}/hostnames` body.
struct HostNamesRequest: Decodable {
    var hostNames: [String]
}
