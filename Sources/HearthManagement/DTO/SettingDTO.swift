package import Foundation
package import HearthCore

/// One app setting. A secret's value is `null` unless the caller may read secrets.
package struct SettingDTO: Codable, Sendable {
    package var name: String
    package var value: String?
    package var secret: Bool
    package var updatedAt: Date

    package init(_ setting: AppSetting, reveal: Bool) {
        name = setting.name
        value = (setting.isSecret && !reveal) ? nil : setting.value
        secret = setting.isSecret
        updatedAt = setting.updatedAt
    }

    enum CodingKeys: String, CodingKey { case name, value, secret, updatedAt }

    /// Writes `"value": null` explicitly, so callers can tell a masked value from a missing field.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(value, forKey: .value)
        try container.encode(secret, forKey: .secret)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}
