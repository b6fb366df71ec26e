import Crypto
import Foundation
import HearthCore
import HearthPackages
import HearthStore
import HearthTestSupport
import Logging
import Testing

@testable import HearthWorker

/// A package the worker refuses leaves nothing on disk, and staging folders of a crashed unpack
/// are removed at start.
@Suite struct PackageUnpackerTests {
    static let files = [
        "host.json": #"{"version": "2.0"}"#,
        "Hello/function.json":
            #"{"bindings": [{"type": "httpTrigger", "direction": "in", "name": "req"}, {"type": "http", "direction": "out", "name": "res"}]}"#,
    ]

    func storeWith(_ zip: Data, in root: URL) async throws -> (any Store, Deployment) {
        let store = try SQLiteStore(
            path: root.appendingPathComponent("hearth.sqlite").path,
            cipher: SecretCipher(keyBytes: Data(repeating: 1, count: 32))
        )
        let sha = SHA256.hash(data: zip).map { String(format: "%02x", $0) }.joined()
        let tenant = Tenant(name: "t")
        try await store.createTenant(tenant)
        let app = AppRecord(tenantID: tenant.id, name: "bomb")
        try await store.createApp(app)
        try await store.putPackage(sha256: sha, content: zip)
        let deployment = Deployment(appID: app.id, packageSHA256: sha, packageSize: zip.count, status: .succeeded)
        try await store.createDeployment(deployment)
        return (store, deployment)
    }

    @Test func lyingPackageIsRefusedAndLeavesNothing() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-unpack-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let zip = try LyingZip.make(files: Self.files, entry: "Hello/function.json", head: "{}", padding: 64 << 20, declared: 300)
        let (store, deployment) = try await storeWith(zip, in: root)
        let unpacker = PackageUnpacker(dataDirectory: root.appendingPathComponent("worker"), logger: Logger(label: "test"))
        for _ in 0..<3 {  // every reload retries; none may leave anything behind
            await #expect(throws: PackageArchiveError.self) { try await unpacker.unpack(deployment, store: store) }
        }
        let left = (try? FileManager.default.contentsOfDirectory(atPath: unpacker.packages.path)) ?? []
        #expect(left.isEmpty, "left on disk: \(left)")
    }

    @Test func staleStagingIsRemovedAndOldPackagesMadePrivateAtStart() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-unpack-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let unpacker = PackageUnpacker(dataDirectory: root, logger: Logger(label: "test"))
        let stale = unpacker.packages.appendingPathComponent(PackageUnpacker.stagingPrefix + "crashed/Hello")
        let kept = unpacker.packages.appendingPathComponent(String(repeating: "a", count: 64))
        for folder in [stale, kept] {
            try FileManager.default.createDirectory(
                at: folder,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: NSNumber(value: 0o755)]
            )
        }
        let oldFile = kept.appendingPathComponent("host.json")
        FileManager.default.createFile(atPath: oldFile.path, contents: Data("{}".utf8), attributes: [.posixPermissions: NSNumber(value: 0o644)])
        unpacker.prepareAtStart()
        #expect(try FileManager.default.contentsOfDirectory(atPath: unpacker.packages.path) == [kept.lastPathComponent])
        // Unpacked by an older version (0755/0644): made private.
        #expect((try FileManager.default.attributesOfItem(atPath: kept.path)[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        #expect((try FileManager.default.attributesOfItem(atPath: oldFile.path)[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func unpackedFilesAreOnlyForHearthsUser() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-unpack-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("app")
        for (path, text) in Self.files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let (store, deployment) = try await storeWith(try PackageArchive.zipFolder(folder), in: root)
        let unpacked = try await PackageUnpacker(dataDirectory: root.appendingPathComponent("worker"), logger: Logger(label: "test")).unpack(
            deployment,
            store: store
        )
        func mode(_ path: String) throws -> Int {
            (try FileManager.default.attributesOfItem(atPath: unpacked.appendingPathComponent(path).path)[.posixPermissions] as? NSNumber)?.intValue
                ?? -1
        }
        #expect(try mode("") == 0o700)
        #expect(try mode("Hello") == 0o700)
        #expect(try mode("Hello/function.json") == 0o600)
        #expect(try mode("host.json") == 0o600)
    }
}
