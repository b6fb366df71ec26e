/// `POST /api/tokens` body.
struct CreateTokenRequest: Decodable {
    var name: String
    var role: String
    var tenant: String?
}
