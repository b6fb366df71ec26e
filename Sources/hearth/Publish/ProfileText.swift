import HearthProfiles

/// Publish profiles as text, secrets hidden.
enum ProfileText {
    static let hidden = "********"

    /// A few lines per profile for `hearth profile import`.
    static func summary(_ profile: PublishProfile) -> [String] {
        var lines = [
            "  - \(profile.profileName) [\(profile.publishMethod)]\(profile.publishMethod.reachesKudu ? "" : " (not usable for zip deployment)")"
        ]
        lines.append("      url: \(profile.publishUrl)")
        lines.append("      user: \(profile.userName)  password: \(profile.userPWD.isEmpty ? "(none)" : hidden)")
        if let destination = profile.destinationAppUrl, !destination.isEmpty { lines.append("      app: \(destination)") }
        if !profile.databases.isEmpty {
            lines.append(
                "      databases: \(profile.databases.map { $0.name ?? "(unnamed)" }.joined(separator: ", ")) (connection strings kept, hidden)"
            )
        }
        let unknown = profile.unknownAttributes.map(\.name)
        if !unknown.isEmpty { lines.append("      other attributes (kept): \(unknown.joined(separator: ", "))") }
        return lines
    }

    /// Every attribute, secrets hidden, for `hearth profile show`.
    static func details(_ profile: PublishProfile) -> [String] {
        var lines = profile.attributes.map { attribute in
            let value = PublishTarget.secretAttributes.contains(attribute.name) && !attribute.value.isEmpty ? hidden : attribute.value
            return "  \(attribute.name): \(value.isEmpty ? "\"\"" : value)"
        }
        for database in profile.databases {
            let parts = database.attributes.map { "\($0.name)=\($0.name == "connectionString" ? hidden : $0.value)" }
            lines.append("  database: \(parts.joined(separator: " "))")
        }
        return lines
    }
}
