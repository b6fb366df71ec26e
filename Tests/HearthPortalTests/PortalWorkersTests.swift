import Foundation
import HTTPTypes
import HearthCore
import HearthManagement
import HearthStore
import HummingbirdTesting
import NIOCore
import Testing

@testable import HearthPortal

/// `/admin/workers`: the fleet's workers for instance admins (404 for anyone else), drain, ready,
/// revoke with a typed confirmation, and an enrolment token shown once.
@Suite("Portal workers page")
struct PortalWorkersTests {
    let csrf = PortalTestInstance.csrf

    static func register(_ name: String, version: String = "1", labels: [String: String] = [:], in instance: PortalTestInstance) async throws {
        let registration = WorkerRegistration(
            name: name,
            advertiseURL: "http://\(name).lan:7071",
            capacityMB: 2048,
            labels: labels,
            version: version
        )
        _ = try await instance.store.registerWorker(registration, credentialHash: nil, at: Date())
    }

    @Test("the workers page is 404 for anyone but an instance admin, and its forms change nothing", arguments: [APIToken.Role.owner, .reader])
    func notForNonAdmins(role: APIToken.Role) async throws {
        let instance = try await PortalTestInstance()
        try await Self.register("desk-7", in: instance)
        try await Self.register("desk-8", in: instance)
        _ = try await instance.store.setWorkerDraining(named: "desk-8", true)
        try await instance.test(as: try await instance.identity(role, tenant: "acme")) { client in
            let page = try await client.page("/admin/workers")
            #expect(page.status == .notFound)
            #expect(!page.body.contains("desk-7"))
            for (uri, fields) in [
                ("/admin/workers/desk-7/drain", [("csrf", csrf)]),
                ("/admin/workers/desk-8/ready", [("csrf", csrf)]),
                ("/admin/workers/desk-7/revoke", [("csrf", csrf), ("confirm", "desk-7")]),
                ("/admin/workers/enrolment-tokens", [("csrf", csrf)]),
            ] {
                let answer = try await client.form(uri, fields)
                #expect(answer.status == .notFound, "\(uri)")
                #expect(!answer.body.contains(FleetSecret.enrolmentTokenPrefix))
            }
        }
        #expect(try await instance.store.worker(named: "desk-7")?.state == .ready)
        #expect(try await instance.store.worker(named: "desk-8")?.state == .draining)
    }

    @Test("an admin sees the workers escaped, drains one, makes it ready and revokes it with its name typed")
    func adminDrainsReadiesAndRevokes() async throws {
        let instance = try await PortalTestInstance()
        try await Self.register("desk-7", version: "<b>1.0</b>", labels: ["zone": "b"], in: instance)
        try await instance.test(as: try await instance.identity(.admin, tenant: nil)) { client in
            let page = try await client.page("/admin/workers")
            #expect(page.status == .ok)
            #expect(page.body.contains("href=\"/admin/workers\" class=\"current\""))
            #expect(page.body.contains("<td>desk-7</td>") && page.body.contains("zone=b"))
            #expect(page.body.contains("&lt;b&gt;1.0&lt;/b&gt;") && !page.body.contains("<b>1.0</b>"))
            #expect(page.body.contains(#"action="/admin/workers/desk-7/drain""#))
            #expect(!page.body.contains(#"action="/admin/workers/desk-7/ready""#))

            let drained = try await client.form("/admin/workers/desk-7/drain", [("csrf", csrf)])
            #expect(drained.status == .seeOther && drained.headers[.location] == "/admin/workers")
            let after = try await client.page("/admin/workers")
            #expect(after.body.contains(">draining<") && after.body.contains(#"action="/admin/workers/desk-7/ready""#))

            #expect(try await client.form("/admin/workers/desk-7/ready", [("csrf", csrf)]).status == .seeOther)
            #expect(try await instance.store.worker(named: "desk-7")?.state == .ready)

            let unconfirmed = try await client.form("/admin/workers/desk-7/revoke", [("csrf", csrf), ("confirm", "desk")])
            #expect(unconfirmed.status == .badRequest && unconfirmed.body.contains("to confirm"))
            #expect(try await instance.store.worker(named: "desk-7")?.state == .ready)
            #expect(try await client.form("/admin/workers/nobody/drain", [("csrf", csrf)]).status == .notFound)
            #expect(try await client.form("/admin/workers/desk-7/revoke", [("csrf", csrf), ("confirm", "desk-7")]).status == .seeOther)
            #expect(try await instance.store.worker(named: "desk-7")?.state == .revoked)
            #expect(try await client.form("/admin/workers/desk-7/drain", [("csrf", csrf)]).status == .conflict)
        }
    }

    @Test("a form without the CSRF token changes nothing")
    func csrfIsChecked() async throws {
        let instance = try await PortalTestInstance()
        try await Self.register("desk-7", in: instance)
        try await instance.test(as: try await instance.identity(.admin, tenant: nil)) { client in
            let none: [(String, String)] = []
            let missing = try await client.form("/admin/workers/desk-7/drain", none)
            let forged = try await client.form("/admin/workers/desk-7/drain", [("csrf", "forged")])
            #expect(missing.status == .forbidden && forged.status == .forbidden)
        }
        #expect(try await instance.store.worker(named: "desk-7")?.state == .ready)
    }

    @Test("an enrolment token is shown once, and only its hash is kept")
    func enrolmentTokenShownOnce() async throws {
        let instance = try await PortalTestInstance()
        try await instance.test(as: try await instance.identity(.admin, tenant: nil)) { client in
            let empty = try await client.page("/admin/workers")
            #expect(empty.body.contains("No workers have registered yet"))
            let created = try await client.form("/admin/workers/enrolment-tokens", [("csrf", csrf), ("validMinutes", "15")])
            #expect(created.status == .ok && created.headers[.cacheControl] == "no-store")
            let range = try #require(created.body.range(of: #"hwe_[A-Za-z0-9_-]+"#, options: .regularExpression))
            let token = String(created.body[range])
            #expect(created.body.contains("hearth worker --join \(token)"))
            #expect(!(try await client.page("/admin/workers")).body.contains(token))
            for minutes in ["0", "lots", "99999999"] {
                let refused = try await client.form("/admin/workers/enrolment-tokens", [("csrf", csrf), ("validMinutes", minutes)])
                #expect(refused.status == .badRequest, "\(minutes)")
                #expect(!refused.body.contains(FleetSecret.enrolmentTokenPrefix), "\(minutes)")
            }
            // The token works once: redeeming it takes the kept hash.
            let registration = WorkerRegistration(name: "desk-9", advertiseURL: "http://desk-9.lan:7071", capacityMB: 512, version: "1")
            let redeemed = try await instance.store.redeemEnrolmentToken(
                hash: FleetSecret.hash(token),
                worker: registration,
                credentialHash: FleetSecret.hash("hwc_test"),
                at: Date()
            )
            if case .refused(let refusal) = redeemed { Issue.record("refused: \(refusal)") }
        }
    }
}
