public import Foundation

/// Finds or creates the master key that encrypts secrets at rest. It never lives in the database.
///
/// Order: the environment variable `HEARTH_MASTER_KEY` (base64 of 32 bytes), else the file
/// `master.key` in the data directory (base64, created with mode 0600 on first start). A key file
/// readable by group or others is refused.
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
            guard let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw StoreError(.configuration, "\(environmentVariable) is not base64; set it to the base64 of 32 random bytes ('head -c 32 /dev/urandom | base64')")
            }
            return Loaded(cipher: try SecretCipher(keyBytes: bytes), source: "environment variable \(environmentVariable)", created: false)
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
            let text = try String(contentsOf: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let bytes = Data(base64Encoded: text) else {
                throw StoreError(.configuration, "\(file.path) does not hold a base64 key; restore it from your backup")
            }
            return Loaded(cipher: try SecretCipher(keyBytes: bytes), source: file.path, created: false)
        }
        var generator = SystemRandomNumberGenerator()
        let bytes = Data((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        try fm.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        // Create with 0600 from the start, so the key is never readable by others, even briefly.
        let fd = open(file.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            throw StoreError(.configuration, "cannot create \(file.path): \(String(cString: strerror(errno)))")
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        try handle.write(contentsOf: Data((bytes.base64EncodedString() + "\n").utf8))
        try handle.close()
        return Loaded(cipher: try SecretCipher(keyBytes: bytes), source: file.path, created: true)
    }
}
