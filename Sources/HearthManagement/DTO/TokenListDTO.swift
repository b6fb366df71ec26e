/// `GET /api/tokens` (no secrets).
package struct TokenListDTO: Codable, Sendable {
    package var tokens: [TokenDTO]
}
