import Foundation
import NIOHTTP1
import Testing

/// `hearth user`, `hearth audit export`, `hearth reset --factory` and the first-start setup link,
/// against a real `hearth serve` and its data directory.
@Suite struct PeopleCLITests {
    func hearth(_ server: HearthServer, _ arguments: [String]) throws -> (status: Int32, output: String) {
        try HearthCLI.run(arguments + ["--data-dir", server.dataDirectory.path], environment: ["HEARTH_MASTER_KEY": nil, "HEARTH_STORE": nil])
    }

    static func setupLinks(_ text: String) -> [String] {
        text.split(separator: "\n").filter { $0.contains("/setup/") }.map(String.init)
    }

    @Test func firstStartPrintsTheAdminSetupLinkOnceAndAdminLinkMakesANewOne() async throws {
        let first = try await HearthServer()
        let links = Self.setupLinks(first.log)
        #expect(links.count == 1)
        #expect(links.first?.contains("\(first.managementURL)/setup/") == true)
        try await first.kill9()
        let second = try await HearthServer(restarting: first)
        defer { second.stop() }
        #expect(Self.setupLinks(second.log).isEmpty)

        let (status, output) = try hearth(second, ["user", "admin-link"])
        #expect(status == 0, "\(output)")
        #expect(output.contains("setup link for 'admin'"))
        let token = try #require(output.split(separator: "/setup/").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
        #expect(token.count == 43)
        #expect(!links[0].contains(token))
    }

    @Test func userCommandsAddListGrantRevokeResetAndRemove() async throws {
        let server = try await HearthServer()
        defer { server.stop() }
        #expect(try await server.api(.POST, "/api/tenants", json: ["name": "acme"]).status == 201)

        let add = try hearth(server, ["user", "add", "Alice", "--display-name", "Alice A."])
        #expect(add.status == 0, "\(add.output)")
        #expect(add.output.contains("added user 'alice'"))
        #expect(add.output.contains("/setup/"))
        #expect(try hearth(server, ["user", "add", "alice"]).output.contains("exists already"))

        let grant = try hearth(server, ["user", "grant", "alice", "--tenant", "acme", "--role", "contributor"])
        #expect(grant.status == 0, "\(grant.output)")
        let badRole = try hearth(server, ["user", "grant", "alice", "--tenant", "acme", "--role", "boss"])
        #expect(badRole.status == 1)
        #expect(badRole.output.contains("owner, contributor or reader"))
        let badTenant = try hearth(server, ["user", "grant", "alice", "--tenant", "nope", "--role", "reader"])
        #expect(badTenant.output.contains("no tenant named 'nope'"))
        let badUser = try hearth(server, ["user", "grant", "bob", "--tenant", "acme", "--role", "reader"])
        #expect(badUser.output.contains("no user named 'bob'"))

        let list = try hearth(server, ["user", "list", "--output", "json"])
        #expect(list.status == 0, "\(list.output)")
        let users = try #require(try JSONSerialization.jsonObject(with: Data(list.output.utf8)) as? [[String: Any]])
        let alice = try #require(users.first { $0["name"] as? String == "alice" })
        #expect(alice["displayName"] as? String == "Alice A.")
        #expect(alice["admin"] as? Bool == false)
        #expect(alice["totp"] as? Bool == false)
        #expect((alice["tenants"] as? [[String: Any]])?.first?["role"] as? String == "contributor")
        #expect(users.contains { $0["name"] as? String == "admin" && $0["admin"] as? Bool == true })
        #expect(try hearth(server, ["user", "list"]).output.contains("acme:contributor"))

        let reset = try hearth(server, ["user", "reset-password", "alice"])
        #expect(reset.status == 0, "\(reset.output)")
        #expect(reset.output.contains("/setup/"))
        #expect(try hearth(server, ["user", "revoke", "alice", "--tenant", "acme"]).status == 0)
        #expect(!(try hearth(server, ["user", "list"]).output.contains("acme:contributor")))
        #expect(try hearth(server, ["user", "remove", "alice"]).status == 0)
        #expect(!(try hearth(server, ["user", "list"]).output.contains("alice")))

        // Every change is in the audit log, as the OS user, without links.
        let export = try hearth(server, ["audit", "export"])
        #expect(export.status == 0)
        let lines = export.output.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let actions = lines.map { $0["action"] as? String ?? "" }
        for action in ["tenant.create", "user.create", "member.grant", "user.reset-password", "member.revoke", "user.delete"] {
            #expect(actions.contains(action), "\(actions)")
        }
        #expect(lines.filter { $0["actorKind"] as? String == "cli" }.count >= 5)
        #expect(!export.output.contains("/setup/"))
        #expect(!export.output.contains(server.token))
    }

    @Test func auditExportWritesAFileOfJSONLines() async throws {
        let server = try await HearthServer()
        defer { server.stop() }
        #expect(try await server.api(.POST, "/api/tenants", json: ["name": "acme"]).status == 201)
        #expect(try await server.api(.DELETE, "/api/tenants/acme").status == 204)
        let file = server.dataDirectory.appendingPathComponent("export.jsonl")
        let run = try hearth(server, ["audit", "export", "--output", file.path])
        #expect(run.status == 0, "\(run.output)")
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
        let actions = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])["action"] as? String }
        #expect(actions == ["tenant.create", "tenant.delete"])
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
    }

    @Test func factoryResetRefusedChangesNothing() async throws {
        let server = try await HearthServer()
        defer { server.stop() }
        #expect(try await server.api(.POST, "/api/tenants", json: ["name": "acme"]).status == 201)
        let refused = try hearth(server, ["reset", "--factory", "--confirm", "yes"])
        #expect(refused.status == 1)
        #expect(refused.output.contains("nothing was changed"))
        let noFlag = try hearth(server, ["reset", "--confirm", "reset"])
        #expect(noFlag.status != 0)
        #expect(try await server.api(.GET, "/api/tenants/acme").status == 200)
        let files = try FileManager.default.contentsOfDirectory(atPath: server.dataDirectory.path)
        #expect(!files.contains { $0.hasPrefix("audit-before-reset-") })
    }

    @Test func factoryResetEmptiesTheInstanceWhileServeKeepsRunning() async throws {
        let server = try await HearthServer()
        defer { server.stop() }
        #expect(try await server.api(.POST, "/api/tenants", json: ["name": "acme"]).status == 201)
        #expect(try hearth(server, ["user", "add", "alice"]).status == 0)
        let keyBefore = try String(contentsOf: server.dataDirectory.appendingPathComponent("master.key"), encoding: .utf8)

        let reset = try hearth(server, ["reset", "--factory", "--confirm", "reset"])
        #expect(reset.status == 0, "\(reset.output)")
        let newToken = try #require(
            reset.output.range(of: #"hth_[A-Za-z0-9_-]+"#, options: .regularExpression).map { String(reset.output[$0]) }
        )
        #expect(newToken != server.token)
        #expect(reset.output.contains("/setup/"))

        // The old admin token is gone, the new one works, on the server that kept running.
        #expect(try await server.api(.GET, "/api/tenants").status == 401)
        let tenants = try await server.api(.GET, "/api/tenants", token: newToken)
        #expect(tenants.status == 200)
        #expect((try tenants.json()["tenants"] as? [Any])?.isEmpty == true)
        let users = try hearth(server, ["user", "list", "--output", "json"])
        let names = (try JSONSerialization.jsonObject(with: Data(users.output.utf8)) as? [[String: Any]])?.map { $0["name"] as? String }
        #expect(names == ["admin"])

        // The old log is in the data directory; the new one starts with the reset.
        let files = try FileManager.default.contentsOfDirectory(atPath: server.dataDirectory.path)
        let saved = try #require(files.first { $0.hasPrefix("audit-before-reset-") && $0.hasSuffix(".jsonl") })
        let savedURL = server.dataDirectory.appendingPathComponent(saved)
        #expect(try String(contentsOf: savedURL, encoding: .utf8).contains("tenant.create"))
        let mode = try FileManager.default.attributesOfItem(atPath: savedURL.path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        let export = try hearth(server, ["audit", "export"])
        let first = export.output.split(separator: "\n").first.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(first?["action"] as? String == "instance.reset")
        #expect(first?["actorKind"] as? String == "cli")

        let keyAfter = try String(contentsOf: server.dataDirectory.appendingPathComponent("master.key"), encoding: .utf8)
        #expect(keyAfter.split(separator: "\n").first != keyBefore.split(separator: "\n").first)
        #expect(reset.output.contains("master key replaced"))
    }
}
