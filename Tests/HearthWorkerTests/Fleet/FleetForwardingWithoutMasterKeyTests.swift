import Crypto
import Foundation
import HearthCore
import HearthPackages
import HearthStore
import Logging
import Synchronization
import Testing

@testable import HearthWorker

/// A worker that joined the fleet without the master key (store opened with its own X25519 key,
/// enrolled with a one-time token) forwards and accepts forwarded requests once the placer's
/// round wrapped the fleet forwarding key for it: A (no master key) and B (master key) on one
/// SQLite store, an app placed on each.
@Suite(.serialized, .enabled(if: NodeWorkerScriptTests.node != nil, "Node.js is not installed"))
struct FleetForwardingWithoutMasterKeyTests {
    static let masterKey = Data(repeating: 1, count: 32)

    /// Retries `path` on `port` (every 200 ms, 10 s at most) until it answers 200; the last reply.
    static func eventually(_ port: Int, _ path: String, headers: [String: String] = [:]) async throws -> FleetForwardingTests.Reply {
        var reply = try await FleetForwardingTests.request(port, path, headers: headers)
        for _ in 0..<50 where reply.status != 200 {
            try await Task.sleep(for: .milliseconds(200))
            reply = try await FleetForwardingTests.request(port, path, headers: headers)
        }
        return reply
    }

    @Test(.timeLimit(.minutes(3)))
    func aWorkerWithoutTheMasterKeyForwardsAndAcceptsForwardedRequests() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-forwarding-nokey-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent("hearth.sqlite").path
        let store = try SQLiteStore(path: path, cipher: SecretCipher(keyBytes: Self.masterKey))
        let apps = try await FleetForwardingTests.deployNodeApps(["on-a", "on-b"], store: store, root: root, timerDisabled: ["on-a", "on-b"])
        // A secret of the app placed on A: only A (through its wrapped data key) can check it.
        _ = try await store.putKey(appID: apps["on-a"]!.id, FunctionKey(scope: .host, name: "default", value: "host-key-a"))
        // B holds the master key and was started before (its row exists); A joins with a token.
        let b = WorkerRegistration(name: "wb", advertiseURL: "http://127.0.0.1:9", capacityMB: 1024, version: "test")
        guard case .admitted(let bRecord) = try await store.registerWorker(b, credentialHash: nil, at: Date()) else {
            Issue.record("worker wb not admitted")
            return
        }
        try await store.replacePlacements(appID: apps["on-b"]!.id, workerIDs: [bRecord.id], at: Date())
        let token = FleetSecret.generate(prefix: FleetSecret.enrolmentTokenPrefix)
        try await store.createEnrolmentToken(
            EnrolmentTokenRecord(tokenHash: FleetSecret.hash(token), createdBy: "test", createdAt: Date(), expiresAt: Date().addingTimeInterval(600))
        )

        let ports = FleetForwardingTests.Ports()
        func worker(_ name: String, store: any WorkerStore, forwardingKey: [UInt8]?, joinToken: String?) -> WorkerRole {
            var configuration = WorkerConfiguration(dataDirectory: root.appendingPathComponent(name))
            configuration.workerID = name
            configuration.port = 0
            configuration.pythonPoolSize = 0
            configuration.fleet.name = name
            configuration.fleet.forwardingKey = forwardingKey
            configuration.fleet.joinToken = joinToken
            configuration.fleet.heartbeatInterval = .milliseconds(200)
            return WorkerRole(store: store, configuration: configuration, logger: Logger(label: name)) { port in
                ports.value.withLock { $0[name] = port }
            }
        }
        // A opens the store as `hearth worker --join` without a master key does.
        let aKey = try FleetWorkerKey.load(workerDataDirectory: root.appendingPathComponent("wa"))
        let aStore = try SQLiteStore(path: path, keys: .worker(aKey))
        let derived = try SecretCipher(keyBytes: Self.masterKey).derivedKey(purpose: "fleet forwarding")

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await worker("wa", store: aStore, forwardingKey: nil, joinToken: token).run() }
            group.addTask { try await worker("wb", store: store, forwardingKey: derived, joinToken: nil).run() }
            defer { group.cancelAll() }
            let deadline = ContinuousClock.now + .seconds(60)
            var a = 0
            var bPort = 0
            var aID: UUID?
            while ContinuousClock.now < deadline {
                (a, bPort) = ports.value.withLock { ($0["wa"] ?? 0, $0["wb"] ?? 0) }
                let aRow = try await store.worker(named: "wa")
                aID = aRow?.id
                if a > 0, bPort > 0, aRow?.registration.advertiseURL == "http://127.0.0.1:\(a)",
                    try await store.worker(named: "wb")?.registration.advertiseURL == "http://127.0.0.1:\(bPort)"
                {
                    break
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            try #require(a > 0 && bPort > 0)
            let aWorkerID = try #require(aID)

            // No wrap yet: A cannot forward (503), so the key it uses below came from the store.
            let before = try await FleetForwardingTests.request(a, "/_app/on-b/api/Echo")
            #expect(before.status == 503, "\(before.body)")
            #expect(before.body.contains("no fleet forwarding key"), "\(before.body)")

            // The placer's round: the app placed on A, the forwarding key wrapped for A (B has no public key).
            try await store.replacePlacements(appID: apps["on-a"]!.id, workerIDs: [aWorkerID], at: Date())
            #expect(try await store.wrapFleetForwardingKey() == 1)

            // A forwards to B (within a heartbeat of the wrap).
            let forwarded = try await Self.eventually(a, "/_app/on-b/api/Echo?x=1")
            #expect(forwarded.status == 200, "\(forwarded.body)")
            #expect(!forwarded.body.lowercased().contains("x-hearth-forwarded"), "the header reached the function")
            #expect(try await FleetForwardingTests.worker(of: forwarded.invocation, store: store) == "wb")

            // B forwards to A, which accepts it and checks the app's key with its wrapped data key.
            let accepted = try await Self.eventually(bPort, "/_app/on-a/api/Echo")
            #expect(accepted.status == 200, "\(accepted.body)")
            #expect(try await FleetForwardingTests.worker(of: accepted.invocation, store: store) == "wa")
            #expect(try await FleetForwardingTests.request(bPort, "/_app/on-a/api/Guarded").status == 401)
            let keyed = try await FleetForwardingTests.request(bPort, "/_app/on-a/api/Guarded", headers: ["x-functions-key": "host-key-a"])
            #expect(keyed.status == 200)
            #expect(keyed.body == "secret")

            // A proof signed with another key is still refused at A.
            let other = ForwardingProof.sign(
                sender: bRecord.id,
                at: Date(),
                method: "GET",
                target: "/_app/on-a/api/Echo",
                authority: "127.0.0.1:\(a)",
                key: [UInt8](repeating: 3, count: 32)
            )
            #expect(try await FleetForwardingTests.request(a, "/_app/on-a/api/Echo", headers: ["X-Hearth-Forwarded": other]).status == 403)
        }
    }
}
