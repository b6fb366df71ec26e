import Crypto
import Foundation
import GRDB
import HearthCore
import HearthStore
import Testing

/// The fleet forwarding key wrapped for workers (migration 0015) on every configured backend: a
/// worker that opened the store with its own key gets the key every master-key holder derives,
/// a revoked worker gets none, and a new master key brings new wraps.
@Suite struct FleetForwardingKeyContractTests {
    static func derived(_ keyBytes: Data) throws -> [UInt8] {
        try SecretCipher(keyBytes: keyBytes).derivedKey(purpose: "fleet forwarding")
    }

    @Test(arguments: StoreBackend.configured)
    func aWorkerWithoutTheMasterKeyGetsTheKeyTheMasterKeyHoldersDerive(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let w1 = try await AppDataKeysContractTests.worker("w1", f.store)
            let w2 = try await AppDataKeysContractTests.worker("w2", f.store)
            // A worker holding the master key registers no public key and gets no wrap.
            let plain = WorkerRegistration(name: "plain", advertiseURL: "http://plain.example:7071", capacityMB: 1024, version: "1")
            _ = try await f.store.registerWorker(plain, credentialHash: nil, at: AppDataKeysContractTests.start)
            #expect(try await f.opened(worker: w1).fleetForwardingKey() == nil)

            #expect(try await f.store.wrapFleetForwardingKey() == 2)
            #expect(try await f.store.wrapFleetForwardingKey() == 0)
            let expected = try Self.derived(f.keyBytes)
            #expect(try await f.opened(worker: w1).fleetForwardingKey() == expected)
            #expect(try await f.opened(worker: w2).fleetForwardingKey() == expected)
            // The master-key store derives it itself: it has no wrap to give.
            #expect(try await f.store.fleetForwardingKey() == nil)
        }
    }

    @Test(arguments: StoreBackend.configured)
    func aRevokedWorkerGetsNoKeyAndIsNotWrappedForAgain(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let w1 = try await AppDataKeysContractTests.worker("w1", f.store)
            let w2 = try await AppDataKeysContractTests.worker("w2", f.store)
            #expect(try await f.store.wrapFleetForwardingKey() == 2)
            #expect(try await f.store.revokeWorker(named: "w1"))
            #expect(try await f.opened(worker: w1).fleetForwardingKey() == nil)
            #expect(try await f.store.wrapFleetForwardingKey() == 0)
            #expect(try await f.opened(worker: w1).fleetForwardingKey() == nil)
            #expect(try await f.opened(worker: w2).fleetForwardingKey() == (try Self.derived(f.keyBytes)))
        }
    }

    @Test(arguments: StoreBackend.configured)
    func aNewPrimaryMasterKeyWrapsTheNewKey(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let w = try await AppDataKeysContractTests.worker("w", f.store)
            #expect(try await f.store.wrapFleetForwardingKey() == 1)
            let new = Data((0..<32).map { _ in UInt8.random(in: 0...255) })
            let ring = try await f.reopened(keys: [new, f.keyBytes])
            #expect(try await ring.wrapFleetForwardingKey() == 1)
            let key = try await f.opened(worker: w).fleetForwardingKey()
            #expect(key == (try Self.derived(new)))
            #expect(key != (try Self.derived(f.keyBytes)))
        }
    }

    @Test(arguments: StoreBackend.configured)
    func aStoreOpenedWithAWorkerKeyCannotWrap(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let w = try await AppDataKeysContractTests.worker("w", f.store)
            let worker = try await f.opened(worker: w)
            await #expect {
                _ = try await worker.wrapFleetForwardingKey()
            } throws: { error in
                (error as? StoreError)?.code == .configuration
            }
            #expect(try await worker.fleetForwardingKey() == nil)
        }
    }
}

/// Damaged and copied wraps, on SQLite, where the test can write the rows directly.
@Suite struct FleetForwardingKeyWrapRowTests {
    @Test func aWrapCopiedFromAnotherWorkerDoesNotOpenAndTheErrorNamesTheWorkerNotTheKey() async throws {
        let f = try SQLiteContractFixture()
        defer { f.inner.remove() }
        let w1 = try await AppDataKeysContractTests.worker("w1", f.store)
        let w2 = try await AppDataKeysContractTests.worker("w2", f.store)
        #expect(try await f.store.wrapFleetForwardingKey() == 2)
        let queue = try DatabaseQueue(path: f.inner.path)
        // w2's wrap (sealed to w2's key, bound to w2's id) put in w1's row.
        try await queue.write { db in
            try db.execute(
                sql: """
                    UPDATE fleet_key_wraps SET
                        enc = (SELECT enc FROM fleet_key_wraps WHERE worker_id = ?),
                        ciphertext = (SELECT ciphertext FROM fleet_key_wraps WHERE worker_id = ?)
                    WHERE worker_id = ?
                    """,
                arguments: [w2.id.uuidString, w2.id.uuidString, w1.id.uuidString]
            )
        }
        let key = try FleetForwardingKeyContractTests.derived(f.keyBytes)
        await #expect {
            _ = try await f.opened(worker: w1).fleetForwardingKey()
        } throws: { error in
            (error as? StoreError)?.code == .corrupt && "\(error)".contains(w1.id.uuidString)
                && !"\(error)".contains(Data(key).base64EncodedString())
        }
        // And a damaged ciphertext is a clear error, not a crash.
        try await queue.write { db in
            try db.execute(sql: "UPDATE fleet_key_wraps SET ciphertext = X'00' WHERE worker_id = ?", arguments: [w2.id.uuidString])
        }
        await #expect {
            _ = try await f.opened(worker: w2).fleetForwardingKey()
        } throws: { error in
            (error as? StoreError)?.code == .corrupt
        }
        try queue.close()
    }

    @Test func aWrapMadeForAnotherPublicKeyIsNotUsedAndIsMadeAgain() async throws {
        let f = try SQLiteContractFixture()
        defer { f.inner.remove() }
        let w = try await AppDataKeysContractTests.worker("w", f.store)
        #expect(try await f.store.wrapFleetForwardingKey() == 1)
        // The worker's row now carries another key (as after enrolling again): the old wrap is not
        // offered to the new key, and the next round wraps for it.
        let fresh = AppDataKeysContractTests.Worker(id: w.id, key: Curve25519.KeyAgreement.PrivateKey())
        let queue = try DatabaseQueue(path: f.inner.path)
        try await queue.write { db in
            try db.execute(
                sql: "UPDATE workers SET public_key = ? WHERE id = ?",
                arguments: [fresh.key.publicKey.rawRepresentation, w.id.uuidString]
            )
        }
        try queue.close()
        #expect(try await f.opened(worker: fresh).fleetForwardingKey() == nil)
        #expect(try await f.store.wrapFleetForwardingKey() == 1)
        #expect(try await f.opened(worker: fresh).fleetForwardingKey() == (try FleetForwardingKeyContractTests.derived(f.keyBytes)))
    }
}
