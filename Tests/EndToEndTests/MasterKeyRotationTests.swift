import Foundation
import NIOHTTP1
import Testing

/// Replacing the master key on a serving instance: a new key installed first in master.key, the
/// server restarted with both, every secret sealed again while it serves, the old key retired.
@Suite(.serialized) struct MasterKeyRotationTests {
    func secrets(_ arguments: [String], _ server: HearthServer) throws -> (status: Int32, output: String) {
        try HearthCLI.run(
            ["secrets"] + arguments + ["--data-dir", server.dataDirectory.path],
            environment: ["HEARTH_MASTER_KEY": nil, "HEARTH_STORE": nil]
        )
    }

    @Test func theMasterKeyIsReplacedWhileServing() async throws {
        let first = try await HearthServer()
        try await first.createApp("vault")
        #expect(try await first.api(.PUT, "/api/apps/vault/settings/DB_PASSWORD", json: ["value": "pw-1", "secret": true]).status == 201)
        let status = try secrets(["status"], first)
        #expect(status.status == 0 && status.output.contains("(primary)"), "\(status.output)")

        let installed = try secrets(["new-key", "--install"], first)
        #expect(installed.status == 0 && installed.output.contains("installed master key"), "\(installed.output)")
        try await first.kill9()
        let server = try await HearthServer(restarting: first)
        defer { server.stop() }
        #expect(server.log.isEmpty || !server.log.contains("ERROR"), "\(server.log)")

        // Rotation runs while the server serves; the server reads every secret before and after.
        let rotated = try secrets(["rotate-master-key", "--batch", "1", "--retire"], server)
        #expect(rotated.status == 0, "\(rotated.output)")
        #expect(rotated.output.contains("sealed 1 secret(s) again") && rotated.output.contains("removed from"), "\(rotated.output)")
        let settings = try await server.api(.GET, "/api/apps/vault/settings").text
        #expect(settings.contains("pw-1"), "the secret still reads after rotation: \(settings)")
        let keys = try await server.api(.GET, "/api/apps/vault/admin/host/keys").json()
        #expect((keys["keys"] as? [[String: Any]])?.isEmpty == false, "\(keys)")
        // Only one key is left in master.key, and it opens everything.
        let file = try String(contentsOf: server.dataDirectory.appendingPathComponent("master.key"), encoding: .utf8)
        #expect(file.split(separator: "\n").count == 1)
        let after = try secrets(["status"], server)
        #expect(!after.output.contains("NOT AVAILABLE") && after.output.contains("(primary)"), "\(after.output)")
    }
}
