public import Foundation

/// Finds or creates the master keys that encrypt secrets at rest. They never live in the database.
///
/// Order: the environment variable `HEARTH_MASTER_KEY` (base64 of 32 bytes; several keys separated
/// by commas), else the file `master.key` in the data directory (base64, one key per line, created
/// with mode 0600 on first start). The first key is the primary, which seals new secrets; the
/// others only open what they sealed (``SecretCipher``). A key file readable by group or others is
/// refused.
public enum MasterKey {
    public static let environmentVariable = "HEARTH_MASTER_KEY"
    public static let fileName = "master.key"

    public struct Loaded: Sendable {
        public var cipher: SecretCipher
        /// Where the key came from, for the start-up log (never the key itself).
        public var source: String
        public var created: Bool
    }

    public static func load(dataDirectory: URL, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Loaded {
        if let text = environment[environmentVariable], !text.isEmpty {
            let keys = try text.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map { part -> Data in
                guard let bytes = Data(base64Encoded: String(part)) else {
                    throw StoreError(
                        .configuration,
                        "\(environmentVariable) is not base64; set it to the base64 of 32 random bytes ('hearth secrets new-key'), several separated by commas"
                    )
                }
                return bytes
            }
            return Loaded(cipher: try SecretCipher(keys: keys), source: "environment variable \(environmentVariable)", created: false)
        }
        let file = dataDirectory.appendingPathComponent(fileName)
        let fm = FileManager.default
        if fm.fileExists(atPath: file.path) {
            let attributes = try fm.attributesOfItem(atPath: file.path)
            if let mode = attributes[.posixPermissions] as? NSNumber, mode.intValue & 0o077 != 0 {
                throw StoreError(
                    .configuration,
                    "\(file.path) is readable by other users (mode \(String(mode.intValue, radix: 8))); run 'chmod 600 \(file.path)'"
                )
            }
            return Loaded(cipher: try SecretCipher(keys: try keys(inFile: file)), source: file.path, created: false)
        }
        let bytes = generate()
        try fm.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        try write([bytes], to: file, exclusive: true)
        return Loaded(cipher: try SecretCipher(keyBytes: bytes), source: file.path, created: true)
    }

    /// 32 random bytes.
    public static func generate() -> Data {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// Makes `key` the primary key of the data directory's `master.key`, keeping the keys it had
    /// after it (they still open what they sealed). The file is replaced atomically, mode 0600.
    public static func installPrimary(_ key: Data, dataDirectory: URL) throws {
        let file = dataDirectory.appendingPathComponent(fileName)
        let existing = FileManager.default.fileExists(atPath: file.path) ? try keys(inFile: file) : []
        let next = dataDirectory.appendingPathComponent(fileName + ".next")
        try? FileManager.default.removeItem(at: next)
        try write([key] + existing.filter { $0 != key }, to: next, exclusive: true)
        guard rename(next.path, file.path) == 0 else {
            throw StoreError(.configuration, "cannot replace \(file.path): \(String(cString: strerror(errno)))")
        }
    }

    /// Removes keys from the data directory's `master.key` (never the primary).
    public static func retire(_ ids: Set<SecretCipher.KeyID>, dataDirectory: URL) throws {
        let file = dataDirectory.appendingPathComponent(fileName)
        let existing = try keys(inFile: file)
        let kept = existing.enumerated().filter { $0.offset == 0 || !ids.contains(SecretCipher.id(of: $0.element)) }.map(\.element)
        let next = dataDirectory.appendingPathComponent(fileName + ".next")
        try? FileManager.default.removeItem(at: next)
        try write(kept, to: next, exclusive: true)
        guard rename(next.path, file.path) == 0 else {
            throw StoreError(.configuration, "cannot replace \(file.path): \(String(cString: strerror(errno)))")
        }
    }

    /// The keys of a key file: base64, one per line; blank lines and `#` comments ignored.
    static func keys(inFile file: URL) throws -> [Data] {
        let lines = try String(contentsOf: file, encoding: .utf8).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        let keys = lines.compactMap { Data(base64Encoded: $0) }
        guard !keys.isEmpty, keys.count == lines.count else {
            throw StoreError(.configuration, "\(file.path) does not hold base64 keys, one per line; restore it from your backup")
        }
        return keys
    }

    /// Creates `file` with mode 0600 from the start, so a key is never readable by others, even briefly.
    private static func write(_ keys: [Data], to file: URL, exclusive: Bool) throws {
        let fd = open(file.path, O_WRONLY | O_CREAT | (exclusive ? O_EXCL : O_TRUNC), 0o600)
        guard fd >= 0 else {
            throw StoreError(.configuration, "cannot create \(file.path): \(String(cString: strerror(errno)))")
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        try handle.write(contentsOf: Data(keys.map { $0.base64EncodedString() + "\n" }.joined().utf8))
        try handle.synchronize()
        try handle.close()
    }
}
