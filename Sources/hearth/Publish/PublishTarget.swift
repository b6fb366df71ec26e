import Foundation
import HearthProfiles

/// A publish profile saved under a name by `hearth profile import`, for `hearth publish --profile NAME`.
///
/// Kept in `~/.config/hearth/publish-targets/` (or under `$XDG_CONFIG_HOME`): `NAME.json` holds the
/// profile without its secrets; `NAME.secret.json` holds the password and the databases' connection
/// strings. The folder is 0700 and both files 0600.
struct PublishTarget: Codable {
    struct Attribute: Codable {
        var name: String
        var value: String
    }

    struct Secrets: Codable {
        var userPWD: String
        /// Connection strings of the profile's `databases` entries, in order.
        var connectionStrings: [String?]
        /// Profile attributes that hold connection strings (``PublishTarget/secretAttributes``), by name.
        var attributes: [String: String]? = nil
    }

    /// Profile-level attributes that can hold credentials besides `userPWD`: kept in the secret file
    /// and never shown.
    static let secretAttributes: Set<String> = ["userPWD", "SQLServerDBConnectionString", "mySQLDBConnectionString"]

    var name: String
    /// Where the profile came from, for `hearth profile show`.
    var source: String
    var importedAt: Date
    /// The profile's attributes in order, `userPWD` left out.
    var attributes: [Attribute]
    /// `databases/add` entries' attributes, `connectionString` left out.
    var databases: [[Attribute]]

    init(name: String, source: String, profile: PublishProfile) {
        self.name = name
        self.source = source
        importedAt = Date()
        attributes = profile.attributes.map {
            Attribute(name: $0.name, value: Self.secretAttributes.contains($0.name) && $0.name != "userPWD" ? "" : $0.value)
        }
        .filter { $0.name != "userPWD" }
        databases = profile.databases.map { database in
            database.attributes.filter { $0.name != "connectionString" }.map { Attribute(name: $0.name, value: $0.value) }
        }
    }

    static func secrets(of profile: PublishProfile) -> Secrets {
        Secrets(
            userPWD: profile.userPWD,
            connectionStrings: profile.databases.map(\.connectionString),
            attributes: Dictionary(
                profile.attributes.filter { secretAttributes.contains($0.name) && $0.name != "userPWD" }.map { ($0.name, $0.value) },
                uniquingKeysWith: { first, _ in first }
            )
        )
    }

    /// The profile again, with its secrets put back.
    func profile(with secrets: Secrets) -> PublishProfile {
        var profile = PublishProfile(attributes: attributes.map { ProfileAttribute(name: $0.name, value: secrets.attributes?[$0.name] ?? $0.value) })
        profile.userPWD = secrets.userPWD
        profile.databases = databases.enumerated().map { index, attributes in
            var list = attributes.map { ProfileAttribute(name: $0.name, value: $0.value) }
            if index < secrets.connectionStrings.count, let connection = secrets.connectionStrings[index] {
                list.append(ProfileAttribute(name: "connectionString", value: connection))
            }
            return PublishDatabase(attributes: list)
        }
        return profile
    }
}
