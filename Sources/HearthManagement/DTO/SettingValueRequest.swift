/// `PUT /api/apps/{app}/settings/{name}` body, and the object form inside a bulk update.
package struct SettingValueRequest: Codable, Sendable {
    package var value: String
    /// `nil` keeps the setting's current secrecy (new settings are plain).
    package var secret: Bool?

    package init(value: String, secret: Bool?) {
        self.value = value
        self.secret = secret
    }
}
