import Foundation
import NIOHTTP1
import Testing

/// Roles and tenant isolation in the portal, in headless Chromium against a real `hearth serve`
/// (`Tests/Browser/isolation.py`): a contributor sees secrets masked, a reader cannot change anything
/// (forged POSTs with a valid CSRF token included), a member of one tenant cannot see or reach another
/// tenant's app through lists, URLs or edited forms, and a hostile setting shows as text.
///
/// The people are made as an admin would: `hearth user add` (which prints each one's setup link) and
/// `hearth user grant`; each sets a password through the link and signs in at `/signin`.
@Suite(.serialized, .enabled(if: !BrowserScript.skipped, "HEARTH_SKIP_BROWSER=1"))
struct TenantIsolationBrowserTests {
    let script = BrowserScript(name: "isolation")

    static let hostile = "<script>alert(1)</script>"
    static let alphaSecret = "alpha-secret-0f3c9e"
    static let betaSecret = "beta-secret-7d21aa"

    /// A member of `alpha`: login, role, display name.
    static let people: [(login: String, role: String, displayName: String)] = [
        ("olga", "owner", hostile),
        ("carl", "contributor", "Carl Contributor"),
        ("rita", "reader", "Rita Reader"),
    ]

    func hearth(_ server: HearthServer, _ arguments: [String]) throws -> String {
        let run = try HearthCLI.run(
            arguments + ["--data-dir", server.dataDirectory.path],
            environment: ["HEARTH_MASTER_KEY": nil, "HEARTH_STORE": nil]
        )
        guard run.status == 0 else { throw TestFailure("hearth \(arguments.joined(separator: " ")) failed: \(run.output)") }
        return run.output
    }

    /// Tenants `alpha` and `beta`, each with a deployed app with a plain and a secret setting.
    func makeTenants(_ server: HearthServer) async throws -> (betaDeployment: String, betaApp: [String: Any]) {
        let zip = try AppZip.zip(AppZip.files(ofFixture: "hello-python"))
        var betaDeployment = ""
        for (tenant, secretName, secret) in [("alpha", "DB_PASSWORD", Self.alphaSecret), ("beta", "BETA_SECRET", Self.betaSecret)] {
            let app = "\(tenant)-app"
            try await server.createApp(
                app,
                tenant: tenant,
                settings: ["PLAIN": "plain-value-\(tenant)", secretName: ["value": secret, "secret": true]]
            )
            let deployed = try await server.deploy(app, zip: zip)
            #expect(deployed.status == 201, "\(deployed.text)")
            if tenant == "beta" { betaDeployment = try #require(try deployed.json()["id"] as? String) }
        }
        let beta = try await server.api(.GET, "/api/apps/beta-app/settings")
        return (betaDeployment, try beta.json())
    }

    /// Adds the people of `alpha` with the CLI; their setup links, by role.
    func addPeople(_ server: HearthServer) throws -> [String: [String: String]] {
        var people: [String: [String: String]] = [:]
        for person in Self.people {
            let added = try hearth(
                server,
                ["user", "add", person.login, "--display-name", person.displayName, "--portal-url", server.managementURL]
            )
            let link = try #require(added.split(separator: "\n").first { $0.contains("/setup/") }).trimmingCharacters(in: .whitespaces)
            #expect(link.hasPrefix("\(server.managementURL)/setup/"), "\(added)")
            _ = try hearth(server, ["user", "grant", person.login, "--tenant", "alpha", "--role", person.role])
            people[person.role] = ["login": person.login, "password": "a long pass phrase for \(person.login)", "setup": link]
        }
        return people
    }

    @Test func rolesAndTenantsSeeOnlyWhatTheyMayAndHostileTextRunsNothing() async throws {
        let server = try await HearthServer()
        defer { server.stop() }
        let (betaDeployment, betaSettings) = try await makeTenants(server)
        let people = try addPeople(server)

        let outcome = try await script.run(
            against: server,
            environment: [
                "HEARTH_PEOPLE": String(decoding: try JSONSerialization.data(withJSONObject: people), as: UTF8.self),
                "HEARTH_ALPHA_SECRET": Self.alphaSecret,
                "HEARTH_BETA_DEPLOYMENT": betaDeployment,
            ]
        )
        #expect(outcome.status == 0, "\(outcome.description)")
        for name in ["set-passwords", "contributor-masked", "reader-read-only", "tenant-isolation", "hostile-setting"] {
            #expect(outcome.passed(name), "\(name): \(outcome.description)")
        }

        // Nobody became a member of beta or changed role; beta's app is as it was.
        let list = try hearth(server, ["user", "list", "--output", "json"])
        let users = try #require(try JSONSerialization.jsonObject(with: Data(list.utf8)) as? [[String: Any]])
        for person in Self.people {
            let user = try #require(users.first { $0["name"] as? String == person.login })
            let tenants = (user["tenants"] as? [[String: Any]])?.map { "\($0["tenant"] ?? "?"):\($0["role"] ?? "?")" }
            #expect(tenants == ["alpha:\(person.role)"], "\(user)")
        }
        let beta = try await server.api(.GET, "/api/apps/beta-app/settings")
        #expect(NSDictionary(dictionary: try beta.json()) == NSDictionary(dictionary: betaSettings), "\(beta.text)")
        let sneaky = try await server.api(.GET, "/api/apps/sneaky-app")
        #expect(sneaky.status == 404)
        // The refused changes are in the audit log: the reader's as denied, those against beta's app as failed.
        let audit = try await server.api(.GET, "/api/audit?limit=1000")
        let events = try #require(try audit.json()["events"] as? [[String: Any]])
        let reader = events.filter { $0["actor"] as? String == "Rita Reader" }
        #expect(reader.contains { $0["outcome"] as? String == "denied" && $0["target"] as? String == "alpha-app" }, "\(reader)")
        #expect(
            events.contains { $0["target"] as? String == "beta-app" && $0["outcome"] as? String == "failure" && $0["tenant"] as? String == "beta" }
        )
        // The hostile setting the owner typed is stored as typed.
        let alpha = try await server.api(.GET, "/api/apps/alpha-app/settings")
        let settings = try #require(try alpha.json()["settings"] as? [[String: Any]])
        #expect(settings.contains { $0["name"] as? String == Self.hostile && $0["value"] as? String == Self.hostile }, "\(alpha.text)")
    }
}
