/// `GET /api/apps/{app}/settings`, by name.
package struct SettingListDTO: Codable, Sendable {
    package var settings: [SettingDTO]
}
