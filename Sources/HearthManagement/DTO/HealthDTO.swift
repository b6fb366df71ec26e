/// `GET /api/health`.
struct HealthDTO: Codable, Sendable {
    var status: String
}
