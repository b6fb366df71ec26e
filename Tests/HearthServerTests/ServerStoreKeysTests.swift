import Foundation
import HearthServer
import HearthStore
import Logging
import Testing

/// Which key a process opens the store with: a worker-only process that joined the fleet and has
/// no master key uses its own X25519 key (and makes no master key); everything else the master key.
@Suite struct ServerStoreKeysTests {
    func server(_ roles: ServerRoles, join: String?, environment: [String: String], directory: URL) -> Server {
        var configuration = ServerConfiguration(dataDirectory: directory)
        configuration.roles = roles
        configuration.joinToken = join
        return Server(configuration: configuration, environment: environment, logger: Logger(label: "keys"), say: { _ in })
    }

    func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func aJoiningWorkerWithoutMasterKeyUsesItsOwnKeyAndMakesNoMasterKey() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let keys = try server(.worker, join: "hwe_x", environment: [:], directory: directory).storeKeys(dataDirectory: directory)
        let publicKey = try #require(keys.source.workerPublicKey, "expected the worker's key")
        #expect(publicKey.count == 32)
        #expect(!keys.cipher.hasMasterKey)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent(MasterKey.fileName).path))
        let file = directory.appendingPathComponent("worker/fleet/x25519.key")
        #expect((try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try Data(contentsOf: file).count == 32)
        // The next start finds the same key.
        let again = try server(.worker, join: "hwe_x", environment: [:], directory: directory).storeKeys(dataDirectory: directory)
        #expect(again.source.workerPublicKey == publicKey)
    }

    @Test func aMasterKeyOrAnotherRoleKeepsTheMasterKey() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let given = [MasterKey.environmentVariable: MasterKey.generate().base64EncodedString()]
        for (roles, join, environment) in [
            (ServerRoles.worker, "hwe_x" as String?, given), (.all, "hwe_x", [:]), (.worker, nil, [:]),
        ] {
            let keys = try server(roles, join: join, environment: environment, directory: directory).storeKeys(dataDirectory: directory)
            #expect(keys.source.workerPublicKey == nil, "\(roles), join \(join ?? "none")")
            #expect(keys.cipher.hasMasterKey)
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("worker/fleet/x25519.key").path))
    }
}
