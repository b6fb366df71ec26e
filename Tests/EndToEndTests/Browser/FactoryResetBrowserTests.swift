import Foundation
import HearthCore
import HearthStore
import NIOHTTP1
import Testing

/// Reset to factory defaults from the portal in headless Chromium (Tests/Browser/reset.py), against a
/// real `hearth serve`, as its first admin: a wrong confirmation changes nothing; `reset` shows a new
/// setup link and admin token, ends the session and removes the apps; the old admin token is refused by
/// /api, the new one works; the old audit log is in a file in the data directory and the new log starts
/// with the reset.
@Suite(.serialized, .enabled(if: !BrowserScript.skipped, "HEARTH_SKIP_BROWSER=1"))
struct FactoryResetBrowserTests {
    let script = BrowserScript(name: "reset")

    @Test(.timeLimit(.minutes(5)))
    func theFirstAdminResetsTheInstanceFromThePortal() async throws {
        let server = try await HearthServer()
        defer { server.stop() }
        let signIn = try FirstAdminSignIn(printedIn: server.log)
        try await server.createApp("before-reset", tenant: "old")
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-reset-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: output) }

        let outcome = try await script.run(
            against: server,
            environment: signIn.environment.merging(["HEARTH_RESET_APP": "before-reset", "HEARTH_RESET_OUTPUT": output.path]) { $1 }
        )
        #expect(outcome.status == 0, "\(outcome.description)")
        for name in ["not-confirmed", "factory-reset"] {
            #expect(outcome.passed(name), "\(name): \(outcome.description)")
        }

        // The admin token `hearth serve` printed is refused; the one the page showed works and sees no apps.
        #expect(try await server.api(.GET, "/api/apps").status == 401)
        let written = try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any]
        let newToken = try #require(written?["adminToken"] as? String)
        let isNew = newToken != server.token  // neither token in a failure's message
        #expect(isNew)
        let apps = try await server.api(.GET, "/api/apps", token: newToken)
        #expect(apps.status == 200, "\(apps.text)")
        #expect(!apps.text.contains("before-reset"), "\(apps.text)")

        // The log before the reset, with the app's creation and the first admin's sign-in, in the data directory (0600).
        let exports = try FileManager.default.contentsOfDirectory(atPath: server.dataDirectory.path)
            .filter { $0.hasPrefix("audit-before-reset-") && $0.hasSuffix(".jsonl") }
        #expect(exports.count == 1, "\(exports)")
        let export = server.dataDirectory.appendingPathComponent(try #require(exports.first))
        let exported = try String(contentsOf: export, encoding: .utf8)
        #expect(exported.contains(#""action":"app.create""#) && exported.contains(#""action":"user.signin""#), "\(exported)")
        let mode = try FileManager.default.attributesOfItem(atPath: export.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        // The new log starts with the reset.
        let key = try MasterKey.load(dataDirectory: server.dataDirectory, environment: [:])
        let store = try SQLiteStore(path: server.dataDirectory.appendingPathComponent("hearth.sqlite").path, cipher: key.cipher)
        let log = try await store.exportAudit(after: nil, limit: 100)
        #expect(log.first?.action == "instance.reset", "\(log.map(\.action))")
        #expect(try await store.apps(tenantID: nil).isEmpty)
    }
}
