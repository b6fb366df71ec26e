/// `POST /api/apps` body. `tenant` may be left out by tenant-scoped tokens.
struct CreateAppRequest: Decodable {
    var name: String
    var tenant: String?
    var hostNames: [String]?
}
