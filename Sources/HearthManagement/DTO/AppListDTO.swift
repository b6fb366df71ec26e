/// `GET /api/apps`.
struct AppListDTO: Codable, Sendable {
    var apps: [AppDTO]
}
