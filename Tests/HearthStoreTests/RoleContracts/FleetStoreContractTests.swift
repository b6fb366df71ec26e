import Foundation
import HearthCore
import HearthStore
import Testing

/// ``FleetStore``'s documented behaviour (registration, heartbeats, enrolment tokens, revocation,
/// draining, placements) on every configured backend, seen as `any FleetStore`.
@Suite struct FleetStoreContractTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func registration(_ name: String, capacity: Int = 2048, labels: [String: String] = ["zone": "a"]) -> WorkerRegistration {
        WorkerRegistration(
            name: name,
            advertiseURL: "http://\(name).example:7071",
            capacityMB: capacity,
            labels: labels,
            version: "1.2.3",
            availability: try? AvailabilityWindow(parsing: "Mon-Fri 19:00-07:00; Sat-Sun"),
            timeZone: "Europe/Paris"
        )
    }

    @Test(arguments: StoreBackend.configured)
    func workersRegisterHeartbeatAndAreListedByName(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any FleetStore = f.store
            guard case .admitted(let b) = try await store.registerWorker(Self.registration("b"), credentialHash: nil, at: Self.start) else {
                Issue.record("b was not admitted")
                return
            }
            #expect(b.state == .ready && b.registeredAt == Self.start && b.lastHeartbeatAt == Self.start && b.load == .idle && !b.enrolled)
            #expect(b.registration == Self.registration("b"))
            _ = try await store.registerWorker(Self.registration("a", labels: [:]), credentialHash: nil, at: Self.start)

            let later = Self.start.addingTimeInterval(2)
            let load = WorkerLoad(appsRunning: 3, sandboxMemoryBytes: 300 << 20, inFlightInvocations: 7)
            #expect(try await store.heartbeat(workerID: b.id, credentialHash: nil, load: load, at: later) == .recorded(.ready))
            #expect(try await store.heartbeat(workerID: UUID(), credentialHash: nil, load: load, at: later) == .unknown)
            #expect(try await store.heartbeat(workerID: b.id, credentialHash: "f00", load: .idle, at: later) == .unknown)

            let listed = try await store.workers()
            #expect(listed.map(\.name) == ["a", "b"])
            #expect(listed[1].load == load && listed[1].lastHeartbeatAt == later && listed[1].id == b.id)
            #expect(listed[0].registration.labels.isEmpty)

            // Registering again (a restart) keeps id, state and registration time; load is idle again.
            #expect(try await store.setWorkerDraining(named: "b", true))
            let restart = Self.start.addingTimeInterval(60)
            guard case .admitted(let again) = try await store.registerWorker(Self.registration("b", capacity: 4096), credentialHash: nil, at: restart)
            else {
                Issue.record("b was not admitted again")
                return
            }
            #expect(again.id == b.id && again.state == .draining && again.registeredAt == Self.start && again.lastHeartbeatAt == restart)
            #expect(again.registration.capacityMB == 4096 && again.load == .idle)
            #expect(try await store.heartbeat(workerID: b.id, credentialHash: nil, load: .idle, at: restart) == .recorded(.draining))
            #expect(try await store.setWorkerDraining(named: "b", false))
            #expect(try await store.worker(named: "b")?.state == .ready)
            #expect(try await store.setWorkerDraining(named: "nobody", true) == false)
            #expect(try await store.worker(named: "nobody") == nil)

            await #expect(throws: HearthError.self) {
                _ = try await store.registerWorker(Self.registration("bad name"), credentialHash: nil, at: Self.start)
            }
            // A credential for a name the fleet does not know is refused: only redemption enrols.
            #expect(try await store.registerWorker(Self.registration("c"), credentialHash: "abc", at: Self.start) == .refused)
            #expect(try await store.worker(named: "c") == nil)
        }
    }

    @Test(arguments: StoreBackend.configured)
    func heartbeatsKeepTheInFlightInvocationsOfEachAppUntilTheNextOne(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any FleetStore = f.store
            guard case .admitted(let w) = try await store.registerWorker(Self.registration("w"), credentialHash: nil, at: Self.start) else {
                Issue.record("w was not admitted")
                return
            }
            let (orders, billing) = (UUID(), UUID())
            let busy = WorkerLoad(appsRunning: 2, inFlightInvocations: 12, inFlightByApp: [orders: 9, billing: 3])
            #expect(try await store.heartbeat(workerID: w.id, credentialHash: nil, load: busy, at: Self.start) == .recorded(.ready))
            #expect(try await store.worker(named: "w")?.load == busy)
            #expect(try await store.workers().first?.load.inFlightByApp == [orders: 9, billing: 3])
            #expect(try await store.heartbeat(workerID: w.id, credentialHash: nil, load: .idle, at: Self.start) == .recorded(.ready))
            #expect(try await store.worker(named: "w")?.load == .idle)
            _ = try await store.heartbeat(workerID: w.id, credentialHash: nil, load: busy, at: Self.start)
            _ = try await store.registerWorker(Self.registration("w"), credentialHash: nil, at: Self.start)
            #expect(try await store.worker(named: "w")?.load == .idle)
        }
    }

    @Test(arguments: StoreBackend.configured)
    func enrolmentTokensWorkOnceBeforeTheyExpireAndRefusalsChangeNothing(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any FleetStore = f.store
            let token = FleetSecret.generate(prefix: FleetSecret.enrolmentTokenPrefix)
            let hash = FleetSecret.hash(token)
            #expect(token.hasPrefix("hwe_") && hash.count == 64 && hash != token)
            let record = EnrolmentTokenRecord(
                tokenHash: hash,
                createdBy: "admin",
                createdAt: Self.start,
                expiresAt: Self.start.addingTimeInterval(3600)
            )
            try await store.createEnrolmentToken(record)
            try await expectStoreError(.conflict) { try await store.createEnrolmentToken(record) }

            let credential = FleetSecret.hash("credential-1")
            let at = Self.start.addingTimeInterval(10)
            #expect(
                try await store.redeemEnrolmentToken(
                    hash: FleetSecret.hash("nope"),
                    worker: Self.registration("d1"),
                    credentialHash: credential,
                    at: at
                )
                    == .refused(.unknown)
            )
            guard
                case .enrolled(let d1) = try await store.redeemEnrolmentToken(
                    hash: hash,
                    worker: Self.registration("d1"),
                    credentialHash: credential,
                    at: at
                )
            else {
                Issue.record("d1 was not enrolled")
                return
            }
            #expect(d1.enrolled && d1.state == .ready && d1.lastHeartbeatAt == at)
            // Used twice: refused, and no second worker appears.
            #expect(
                try await store.redeemEnrolmentToken(hash: hash, worker: Self.registration("d2"), credentialHash: credential, at: at)
                    == .refused(.used)
            )
            #expect(try await store.worker(named: "d2") == nil)

            // Expired: refused, the token stays unused (a later redemption still sees it as expired, not used).
            let old = FleetSecret.hash("old-token")
            try await store.createEnrolmentToken(EnrolmentTokenRecord(tokenHash: old, createdBy: "admin", createdAt: Self.start, expiresAt: at))
            #expect(
                try await store.redeemEnrolmentToken(hash: old, worker: Self.registration("d3"), credentialHash: credential, at: at)
                    == .refused(.expired)
            )
            #expect(try await store.worker(named: "d3") == nil)

            // A name an enrolled worker has: refused, and the token is not used up.
            let third = FleetSecret.hash("third-token")
            try await store.createEnrolmentToken(
                EnrolmentTokenRecord(tokenHash: third, createdBy: "admin", createdAt: Self.start, expiresAt: Self.start.addingTimeInterval(3600))
            )
            #expect(
                try await store.redeemEnrolmentToken(hash: third, worker: Self.registration("d1"), credentialHash: "x", at: at)
                    == .refused(.nameTaken)
            )

            // The enrolled worker registers and heartbeats with its credential only.
            #expect(try await store.registerWorker(Self.registration("d1"), credentialHash: nil, at: at) == .refused)
            #expect(try await store.registerWorker(Self.registration("d1"), credentialHash: FleetSecret.hash("other"), at: at) == .refused)
            guard case .admitted = try await store.registerWorker(Self.registration("d1"), credentialHash: credential, at: at) else {
                Issue.record("d1 was not admitted with its credential")
                return
            }
            #expect(try await store.heartbeat(workerID: d1.id, credentialHash: nil, load: .idle, at: at) == .unknown)
            #expect(try await store.heartbeat(workerID: d1.id, credentialHash: credential, load: .idle, at: at) == .recorded(.ready))

            // Revoked: heartbeats and registrations are answered `revoked` and record nothing;
            // a new token takes the name back with a new credential.
            #expect(try await store.revokeWorker(named: "d1"))
            #expect(try await store.revokeWorker(named: "d1"))
            #expect(try await store.revokeWorker(named: "nobody") == false)
            let afterRevoke = at.addingTimeInterval(5)
            #expect(try await store.heartbeat(workerID: d1.id, credentialHash: credential, load: .idle, at: afterRevoke) == .revoked)
            #expect(try await store.registerWorker(Self.registration("d1"), credentialHash: credential, at: afterRevoke) == .revoked)
            #expect(try await store.setWorkerDraining(named: "d1", false) == false)
            let revoked = try #require(try await store.worker(named: "d1"))
            #expect(revoked.state == .revoked && revoked.lastHeartbeatAt == at)
            let newCredential = FleetSecret.hash("credential-2")
            guard
                case .enrolled(let back) = try await store.redeemEnrolmentToken(
                    hash: third,
                    worker: Self.registration("d1"),
                    credentialHash: newCredential,
                    at: afterRevoke
                )
            else {
                Issue.record("d1 was not enrolled again")
                return
            }
            #expect(back.id == d1.id && back.state == .ready)
            #expect(try await store.heartbeat(workerID: d1.id, credentialHash: credential, load: .idle, at: afterRevoke) == .unknown)
            #expect(try await store.heartbeat(workerID: d1.id, credentialHash: newCredential, load: .idle, at: afterRevoke) == .recorded(.ready))
        }
    }

    @Test(arguments: StoreBackend.configured)
    func placementsAreReplacedAsASetCountedPerWorkerAndGoWithRevocation(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any FleetStore = f.store
            let app = try await f.app()
            var ids: [String: UUID] = [:]
            for name in ["p1", "p2", "p3"] {
                guard case .admitted(let worker) = try await store.registerWorker(Self.registration(name), credentialHash: nil, at: Self.start) else {
                    Issue.record("\(name) was not admitted")
                    return
                }
                ids[name] = worker.id
            }
            let (p1, p2, p3) = (ids["p1"]!, ids["p2"]!, ids["p3"]!)
            let version = try await f.store.changeVersion()
            try await store.replacePlacements(appID: app.id, workerIDs: [p1, p2], at: Self.start)
            #expect(try await f.store.changeVersion() > version)
            let later = Self.start.addingTimeInterval(30)
            try await store.replacePlacements(appID: app.id, workerIDs: [p2, p3], at: later)
            let placements = try await store.placements(appID: app.id)
            #expect(Set(placements.map(\.workerID)) == [p2, p3])
            #expect(placements.first { $0.workerID == p2 }?.placedAt == Self.start)
            #expect(placements.first { $0.workerID == p3 }?.placedAt == later)
            #expect(try await store.placements(workerID: p3).map(\.appID) == [app.id])
            #expect(try await store.placements(workerID: p1).isEmpty)
            let all = try await store.allPlacements()
            #expect(Set(all.map(\.workerID)) == [p2, p3] && all.allSatisfy { $0.appID == app.id })
            #expect(try await store.workers().map(\.appsPlaced) == [0, 1, 1])

            // An unknown worker: nothing changes.
            try await expectStoreError(.notFound) { try await store.replacePlacements(appID: app.id, workerIDs: [p1, UUID()], at: later) }
            #expect(Set(try await store.placements(appID: app.id).map(\.workerID)) == [p2, p3])

            #expect(try await store.revokeWorker(named: "p3"))
            #expect(try await store.placements(appID: app.id).map(\.workerID) == [p2])
            #expect(try await store.worker(named: "p3")?.appsPlaced == 0)

            // Deleting the app removes its placements.
            #expect(try await f.store.deleteApp(id: app.id))
            #expect(try await store.placements(workerID: p2).isEmpty)
        }
    }
}
