public import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Makes Hearth's own files readable by Hearth's user only: files 0600 (0700 when executable),
/// folders 0700. The store (`hearth.sqlite` and its `-wal`/`-shm`) holds encrypted secrets,
/// keys' hashes and every app's settings; unpacked packages hold apps' code. Installs made before
/// this rule are fixed when Hearth starts.
public enum PrivateFiles {
    /// Restricts one file or folder (nothing happens when it does not exist; links are left alone).
    public static func restrict(_ url: URL) throws {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),  // does not follow links
            let type = attributes[.type] as? FileAttributeType, type == .typeRegular || type == .typeDirectory,
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue
        else { return }
        let wanted = type == .typeDirectory || mode & 0o111 != 0 ? 0o700 : 0o600
        guard mode & 0o777 != wanted else { return }
        guard chmod(url.path, mode_t(wanted)) == 0 else {
            throw StoreError(
                .unavailable,
                "cannot make \(url.path) private (chmod \(String(wanted, radix: 8))): \(String(cString: strerror(errno))); run Hearth as the owner of its data directory"
            )
        }
    }

    /// Restricts a folder and everything below it.
    public static func restrictTree(_ root: URL) throws {
        try restrict(root)
        guard let items = FileManager.default.enumerator(atPath: root.path) else { return }
        for case let relative as String in items {
            try restrict(root.appendingPathComponent(relative))
        }
    }

    /// Restricts an SQLite database and its WAL and shared-memory files. SQLite gives the `-wal`
    /// and `-shm` files it creates the database file's permissions, so a private database keeps
    /// them private too.
    public static func restrictDatabase(path: String) throws {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            try restrict(URL(fileURLWithPath: path + suffix))
        }
    }
}
