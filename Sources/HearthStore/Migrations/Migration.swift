import Crypto
import Foundation

/// One versioned schema change, as a file `Migrations/<backend>/NNNN_name.sql` holds it.
/// The same version number means the same schema in every backend.
public struct Migration: Sendable, Hashable {
    public var version: Int
    /// The file name's words: `0002_invocation_index.sql` → `invocation index`.
    public var description: String
    public var fileName: String
    public var script: String
    /// What the file's first line (`-- hearth:compatibility expand`) says, or `nil` when it has no
    /// marker (the embedded catalog refuses such a file; see ``MigrationCatalog``).
    public var compatibility: MigrationCompatibility?
    /// SHA-256 (lower-case hex) of the script's UTF-8 bytes, with CRLF normalised to LF so a
    /// checkout on Windows does not count as an edit. The compatibility marker line is not part of
    /// it: marking migrations applied before markers existed is not an edit of what they ran.
    public var checksum: String

    public init(fileName: String, script: String) throws {
        let stem = fileName.hasSuffix(".sql") ? String(fileName.dropLast(4)) : fileName
        let parts = stem.split(separator: "_", maxSplits: 1)
        guard let first = parts.first, first.count == 4, let version = Int(first), version > 0 else {
            throw StoreError(.migration, "migration file '\(fileName)' must be named NNNN_description.sql with a 4-digit version above 0000")
        }
        self.version = version
        self.description = parts.count > 1 ? parts[1].replacingOccurrences(of: "_", with: " ") : ""
        self.fileName = fileName
        self.script = script
        let marker = MigrationCompatibility.marker(in: script)
        self.compatibility = marker?.compatibility
        let normalised = String(marker?.body ?? script[...]).replacingOccurrences(of: "\r\n", with: "\n")
        self.checksum = SHA256.hash(data: Data(normalised.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// The migrations compiled into this binary, per backend. Loading them checks that each is marked
/// with a compatibility this binary knows and that an `expand` one holds no removal, rename or type
/// change (see ``Migration/requireCompatibilityMarker()``), so a wrongly marked file fails every test.
public enum MigrationCatalog {
    /// `sqlite` or `sqlserver`: the migrations of that backend, by version.
    public static func embedded(backend: String) throws -> [Migration] {
        let prefix = backend + "/"
        let migrations = try EmbeddedMigrations.files
            .filter { $0.key.hasPrefix(prefix) }
            .map { try Migration(fileName: String($0.key.dropFirst(prefix.count)), script: $0.value) }
            .sorted { $0.version < $1.version }
        for migration in migrations { try migration.requireCompatibilityMarker() }
        for (a, b) in zip(migrations, migrations.dropFirst()) where a.version == b.version {
            throw StoreError(.migration, "two \(backend) migrations share version \(a.version): \(a.fileName) and \(b.fileName)")
        }
        return migrations
    }
}
