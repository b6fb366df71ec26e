import Foundation
import HearthCore
import HearthStore
import Testing

/// The store's files are readable by Hearth's user only, and older installs are fixed on open.
@Suite struct PrivateFilesTests {
    static func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func sqliteFilesAreCreatedPrivateAndFixedOnOpen() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-private-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent("hearth.sqlite").path
        let cipher = try SecretCipher(keyBytes: Data(repeating: 1, count: 32))
        do {
            let store = try SQLiteStore(path: path, cipher: cipher)
            try await store.createTenant(Tenant(name: "t"))  // writes: the WAL and shared-memory files exist now
            for suffix in ["", "-wal", "-shm"] {
                #expect(Self.mode(path + suffix) == 0o600, "hearth.sqlite\(suffix) is \(String(Self.mode(path + suffix), radix: 8))")
            }
        }
        // An install made before the rule: world-readable files, fixed when the store opens.
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.setAttributes([.posixPermissions: NSNumber(value: 0o644)], ofItemAtPath: path + suffix)
        }
        let reopened = try SQLiteStore(path: path, cipher: cipher)
        #expect(try await reopened.tenants().count == 1)
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            #expect(Self.mode(path + suffix) == 0o600, "hearth.sqlite\(suffix) is \(String(Self.mode(path + suffix), radix: 8))")
        }
    }

    @Test func treesAreRestrictedKeepingExecutables() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-private-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let fm = FileManager.default
        try fm.createDirectory(
            at: root.appendingPathComponent("app/Hello"),
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: NSNumber(value: 0o755)]
        )
        fm.createFile(
            atPath: root.appendingPathComponent("app/host.json").path,
            contents: Data("{}".utf8),
            attributes: [.posixPermissions: NSNumber(value: 0o644)]
        )
        fm.createFile(
            atPath: root.appendingPathComponent("app/handler").path,
            contents: Data(),
            attributes: [.posixPermissions: NSNumber(value: 0o755)]
        )
        try PrivateFiles.restrictTree(root)
        #expect(Self.mode(root.path) == 0o700)
        #expect(Self.mode(root.appendingPathComponent("app/Hello").path) == 0o700)
        #expect(Self.mode(root.appendingPathComponent("app/host.json").path) == 0o600)
        #expect(Self.mode(root.appendingPathComponent("app/handler").path) == 0o700)
    }
}
