/// `PUT /api/apps/{app}/settings/{name}` body, and the object form inside a bulk update.
struct SettingValueRequest: Decodable {
    var value: String
    /// `nil` keeps the setting's current secrecy (new settings are plain).
    var secret: Bool?
}
