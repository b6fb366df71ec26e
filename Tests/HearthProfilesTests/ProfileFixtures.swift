import Foundation

/// Files under Tests/Fixtures/profiles and Profiles/.
enum ProfileFixtures {
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: packageRoot.appendingPathComponent("Tests/Fixtures/profiles/\(name)"))
    }

    static func examples() throws -> [URL] {
        let folder = packageRoot.appendingPathComponent("Profiles/examples")
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "PublishSettings" }
            .sorted { $0.path < $1.path }
    }
}
