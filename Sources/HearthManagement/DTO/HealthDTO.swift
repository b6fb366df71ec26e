/// `GET /api/health`.
struct HealthDTO: Codable, Sendable {
    var status: String
    /// Listeners reachable from other machines that serve plain HTTP (``PlainHTTPWarning``).
    var warnings: [String]
}
