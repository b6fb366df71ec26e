/// `GET /api/apps`.
package struct AppListDTO: Codable, Sendable {
    package var apps: [AppDTO]
}
