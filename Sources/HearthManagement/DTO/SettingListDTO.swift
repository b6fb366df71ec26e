/// `GET /api/apps/{app}/settings`, by name.
struct SettingListDTO: Codable, Sendable {
    var settings: [SettingDTO]
}
