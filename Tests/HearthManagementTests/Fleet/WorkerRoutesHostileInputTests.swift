import Foundation
import HTTPTypes
import HearthCore
import HearthStore
import Testing

@testable import HearthManagement

/// The fleet's admin routes refuse bad input with a message naming the problem, and change nothing:
/// enrolment tokens with a malformed body or an out-of-range lifetime, revocation of names with
/// markup, NUL or oversize, and every route for callers who are not admins of the instance.
@Suite struct WorkerRoutesHostileInputTests {
    @Test func badEnrolmentTokenRequestsAreRefusedWithTheFix() async throws {
        let instance = try await TestInstance()
        try await instance.test { [adminToken = instance.adminToken] client in
            for (body, expected) in [
                (#"{"validMinutes": 0}"#, "between 1 and"),
                (#"{"validMinutes": -5}"#, "between 1 and"),
                (#"{"validMinutes": 99999999}"#, "between 1 and"),
                (#"{"validMinutes": "60"}"#, "validMinutes"),
                ("[1, 2]", "validMinutes"),
                ("{not json", "validMinutes"),
            ] {
                let response = try await client.call(.post, "/api/workers/enrolment-tokens", token: adminToken, json: body)
                #expect(response.status == .badRequest, "\(body): \(response.status)")
                #expect(response.errorMessage.contains(expected), "\(body): \(response.errorMessage)")
                #expect(!String(decoding: response.body, as: UTF8.self).contains(FleetSecret.enrolmentTokenPrefix), "\(body)")
            }
        }
    }

    @Test func revokingHostileNamesFindsNoWorkerAndChangesNothing() async throws {
        let instance = try await TestInstance()
        let registration = WorkerRegistration(name: "desk-7", advertiseURL: "http://desk-7.lan:7071", capacityMB: 1024, version: "1")
        _ = try await instance.store.registerWorker(registration, credentialHash: nil, at: Date())
        try await instance.test { [adminToken = instance.adminToken] client in
            for name in ["%3Cscript%3Ealert(1)%3C%2Fscript%3E", "desk-7%00", String(repeating: "a", count: 5000), "DESK-7%20"] {
                let response = try await client.call(.post, "/api/workers/\(name)/revoke", token: adminToken)
                #expect([.notFound, .badRequest].contains(response.status), "\(name.prefix(40)): \(response.status)")
                // A JSON error naming the problem (markup stays inert in JSON).
                #expect(["worker", "NUL"].contains { response.errorMessage.contains($0) }, "\(response.errorMessage.prefix(80))")
            }
        }
        let worker = try #require(try await instance.store.worker(named: "desk-7"))
        #expect(worker.state == .ready)
    }

    @Test func ownersOfATenantCannotListEnrolOrRevoke() async throws {
        let instance = try await TestInstance()
        try await instance.seedApp()
        let registration = WorkerRegistration(name: "desk-7", advertiseURL: "http://desk-7.lan:7071", capacityMB: 1024, version: "1")
        _ = try await instance.store.registerWorker(registration, credentialHash: nil, at: Date())
        let owner = try await instance.token(role: .owner, tenant: "acme")
        try await instance.test { client in
            let list = try await client.call(.get, "/api/workers", token: owner)
            let enrol = try await client.call(.post, "/api/workers/enrolment-tokens", token: owner, json: "{}")
            let revoke = try await client.call(.post, "/api/workers/desk-7/revoke", token: owner)
            #expect([list.status, enrol.status, revoke.status] == [.forbidden, .forbidden, .forbidden])
        }
        let after = try await instance.store.worker(named: "desk-7")
        #expect(after?.state == .ready)
    }
}
