/// `GET /api/tokens` (no secrets).
struct TokenListDTO: Codable, Sendable {
    var tokens: [TokenDTO]
}
