import Foundation
import ZIPFoundation

/// Builds deployment zips for tests: from a fixture folder, with edits, or entry by entry.
enum AppZip {
    static var fixtures: URL { HearthServer.packageRoot.appendingPathComponent("Tests/Fixtures") }

    /// The files of a fixture app, as path → bytes.
    static func files(ofFixture name: String) throws -> [String: Data] {
        try files(in: fixtures.appendingPathComponent("apps").appendingPathComponent(name))
    }

    /// The files of a fixture app without one function's folder.
    static func files(ofFixture name: String, without folder: String) throws -> [String: Data] {
        try files(ofFixture: name).filter { !$0.key.hasPrefix(folder + "/") }
    }

    static func files(in root: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])!
        for case let url as URL in enumerator where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            let relative = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
            files[relative] = try Data(contentsOf: url)
        }
        return files
    }

    /// A zip of `files` (entries in the given order; paths are written exactly as given).
    static func zip(_ files: [String: Data], executables: Set<String> = []) throws -> Data {
        try zip(entries: files.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, executables: executables)
    }

    static func zip(entries: [(String, Data)], executables: Set<String> = []) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, data) in entries {
            try archive.addEntry(
                with: path,
                type: .file,
                uncompressedSize: Int64(data.count),
                permissions: executables.contains(path) ? 0o755 : 0o644,
                compressionMethod: .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data!
    }

    static func json(_ text: String) -> Data { Data(text.utf8) }
}
