import Foundation

/// `~/.config/hearth/config.json` (or `$XDG_CONFIG_HOME/hearth/config.json`): the server and token
/// `hearth login` saved. Written with mode 0600 because it holds a token.
struct ClientConfigFile: Codable {
    var server: String?
    var token: String?

    static var url: URL {
        let environment = ProcessInfo.processInfo.environment
        let base =
            environment["XDG_CONFIG_HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".config")
        return base.appendingPathComponent("hearth").appendingPathComponent("config.json")
    }

    /// The saved configuration, or an empty one when there is none.
    static func load() -> ClientConfigFile {
        guard let data = try? Data(contentsOf: url) else { return ClientConfigFile() }
        return (try? JSONDecoder().decode(ClientConfigFile.self, from: data)) ?? ClientConfigFile()
    }

    func save() throws {
        let url = Self.url
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(),
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700]
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(self)
        // Create with 0600 before writing the token, so it is never readable by others.
        if !FileManager.default.fileExists(atPath: url.path) {
            FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        try data.write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
    }
}
