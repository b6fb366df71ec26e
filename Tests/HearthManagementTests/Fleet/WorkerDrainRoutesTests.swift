import Foundation
import HTTPTypes
import HearthCore
import HearthStore
import Testing

@testable import HearthManagement

/// `POST /api/workers/{name}/drain` and `/ready`: admins only, idempotent, audited; unknown and
/// hostile names find no worker and change nothing; a revoked worker stays revoked.
@Suite struct WorkerDrainRoutesTests {
    static func register(_ name: String, in instance: TestInstance) async throws {
        let registration = WorkerRegistration(name: name, advertiseURL: "http://\(name).lan:7071", capacityMB: 1024, version: "1")
        _ = try await instance.store.registerWorker(registration, credentialHash: nil, at: Date())
    }

    @Test func anAdminDrainsAWorkerAndMakesItReadyAgainAudited() async throws {
        let instance = try await TestInstance()
        try await Self.register("desk-7", in: instance)
        try await Self.register("desk-8", in: instance)
        try await instance.test { [adminToken = instance.adminToken] client in
            let drained = try await client.call(.post, "/api/workers/desk-7/drain", token: adminToken)
            #expect(drained.status == .ok)
            #expect(drained.json["name"] as? String == "desk-7" && drained.json["state"] as? String == "draining")
            // Idempotent.
            #expect(try await client.call(.post, "/api/workers/desk-7/drain", token: adminToken).json["state"] as? String == "draining")
            let listed = try await client.call(.get, "/api/workers", token: adminToken)
            let states = (listed.json["workers"] as? [[String: Any]])?.map { "\($0["name"] ?? "")=\($0["state"] ?? "")" }
            #expect(states == ["desk-7=draining", "desk-8=ready"])

            let ready = try await client.call(.post, "/api/workers/desk-7/ready", token: adminToken)
            #expect(ready.status == .ok && ready.json["state"] as? String == "ready")
            #expect(try await client.call(.post, "/api/workers/desk-7/ready", token: adminToken).json["state"] as? String == "ready")
        }
        #expect(try await instance.store.worker(named: "desk-7")?.state == .ready)
        let events = try await instance.store.auditEvents(AuditQuery(limit: 100))
        #expect(events.filter { $0.action == "worker.drain" }.map(\.target) == ["desk-7", "desk-7"])
        #expect(events.filter { $0.action == "worker.ready" }.map(\.target) == ["desk-7", "desk-7"])
    }

    @Test func aRevokedWorkerCannotBeDrainedOrMadeReady() async throws {
        let instance = try await TestInstance()
        try await Self.register("desk-7", in: instance)
        _ = try await instance.store.revokeWorker(named: "desk-7")
        try await instance.test { [adminToken = instance.adminToken] client in
            for verb in ["drain", "ready"] {
                let response = try await client.call(.post, "/api/workers/desk-7/\(verb)", token: adminToken)
                #expect(response.status == .conflict, "\(verb)")
                #expect(response.errorMessage.contains("revoked"), "\(verb): \(response.errorMessage)")
            }
        }
        #expect(try await instance.store.worker(named: "desk-7")?.state == .revoked)
    }

    @Test func unknownAndHostileNamesFindNoWorkerAndChangeNothing() async throws {
        let instance = try await TestInstance()
        try await Self.register("desk-7", in: instance)
        try await instance.test { [adminToken = instance.adminToken] client in
            let names = ["nobody", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "desk-7%00", String(repeating: "a", count: 5000), "DESK-7%20"]
            for name in names {
                for verb in ["drain", "ready"] {
                    let response = try await client.call(.post, "/api/workers/\(name)/\(verb)", token: adminToken)
                    #expect([.notFound, .badRequest].contains(response.status), "\(name.prefix(40)) \(verb): \(response.status)")
                    #expect(["worker", "NUL"].contains { response.errorMessage.contains($0) }, "\(response.errorMessage.prefix(80))")
                }
            }
        }
        #expect(try await instance.store.worker(named: "desk-7")?.state == .ready)
    }

    @Test(arguments: [APIToken.Role.owner, .contributor, .reader])
    func nonAdminsCannotDrainOrMakeReady(role: APIToken.Role) async throws {
        let instance = try await TestInstance()
        try await instance.seedApp()
        try await Self.register("desk-7", in: instance)
        try await Self.register("desk-8", in: instance)
        _ = try await instance.store.setWorkerDraining(named: "desk-8", true)
        let token = try await instance.token(role: role, tenant: "acme")
        try await instance.test { client in
            let drain = try await client.call(.post, "/api/workers/desk-7/drain", token: token)
            let ready = try await client.call(.post, "/api/workers/desk-8/ready", token: token)
            let anonymous = try await client.call(.post, "/api/workers/desk-7/drain", token: nil)
            #expect([drain.status, ready.status, anonymous.status] == [.forbidden, .forbidden, .unauthorized])
        }
        #expect(try await instance.store.worker(named: "desk-7")?.state == .ready)
        #expect(try await instance.store.worker(named: "desk-8")?.state == .draining)
    }
}
