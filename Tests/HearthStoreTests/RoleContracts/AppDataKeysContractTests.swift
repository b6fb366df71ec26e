import Crypto
import Foundation
import GRDB
import HearthCore
import HearthStore
import Testing

/// Per-app data keys wrapped for workers (migration 0013) on every configured backend: a worker
/// that opened the store with its own key instead of the master key reads the secrets of the
/// apps placed on it, and no other's; wraps follow placements and revocation.
@Suite struct AppDataKeysContractTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// A registered worker with its own X25519 key.
    struct Worker {
        let id: UUID
        let key: Curve25519.KeyAgreement.PrivateKey
    }

    static func worker(_ name: String, _ store: any FleetStore) async throws -> Worker {
        let key = Curve25519.KeyAgreement.PrivateKey()
        let registration = WorkerRegistration(
            name: name,
            advertiseURL: "http://\(name).example:7071",
            capacityMB: 1024,
            version: "1",
            publicKey: key.publicKey.rawRepresentation
        )
        guard case .admitted(let record) = try await store.registerWorker(registration, credentialHash: nil, at: start) else {
            throw StoreError(.invalidState, "worker \(name) was not admitted")
        }
        return Worker(id: record.id, key: key)
    }

    static let secrets = [
        AppSetting(name: "DB_PASSWORD", value: "hunter2-\(UUID().uuidString)", isSecret: true),
        AppSetting(name: "PLAIN", value: "plain", isSecret: false),
    ]

    /// Whether `body` fails with a ``StoreError`` saying the app is not placed here, without the secret.
    static func expectClosed(_ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async {
        do {
            try await body()
            Issue.record("the secrets opened", sourceLocation: sourceLocation)
        } catch let error as StoreError {
            #expect("\(error)".contains("not placed on this worker"), "\(error)", sourceLocation: sourceLocation)
            #expect(!"\(error)".contains("hunter2"), sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: StoreBackend.configured)
    func aWorkerReadsTheSecretsOfItsAppsOnlyAndWrapsFollowPlacements(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let app = try await f.app("placed")
            let other = try await f.app("elsewhere")
            try await f.store.putSettings(appID: app.id, Self.secrets)
            _ = try await f.store.putKey(appID: app.id, FunctionKey(scope: .host, name: "default", value: "host-key"))
            try await f.store.putSettings(appID: other.id, Self.secrets)
            let w1 = try await Self.worker("w1", f.store)
            let w2 = try await Self.worker("w2", f.store)
            try await f.store.replacePlacements(appID: app.id, workerIDs: [w1.id], at: Self.start)
            try await f.store.replacePlacements(appID: other.id, workerIDs: [w2.id], at: Self.start)

            let one = try await f.opened(worker: w1)
            #expect(try await one.settings(appID: app.id) == (try await f.store.settings(appID: app.id)))
            #expect(try await one.keys(appID: app.id).map(\.value) == ["host-key"])
            await Self.expectClosed { _ = try await one.settings(appID: other.id) }
            // Plain settings of an app with no secret need no key.
            let bare = try await f.app("bare")
            try await f.store.putSettings(appID: bare.id, [AppSetting(name: "PLAIN", value: "p", isSecret: false)])
            #expect(try await one.settings(appID: bare.id).map(\.value) == ["p"])

            // The app moves from w1 to w2: w1's wrap goes, w2's comes, in the placement's transaction.
            try await f.store.replacePlacements(appID: app.id, workerIDs: [w2.id], at: Self.start)
            await Self.expectClosed { _ = try await one.settings(appID: app.id) }
            let two = try await f.opened(worker: w2)
            #expect(try await two.settings(appID: app.id).first?.value == Self.secrets[0].value)
            #expect(try await two.settings(appID: other.id).first?.value == Self.secrets[0].value)

            // A secret written after placement gets a data key wrapped for the placed worker.
            let late = try await f.app("late")
            try await f.store.replacePlacements(appID: late.id, workerIDs: [w1.id], at: Self.start)
            try await f.store.putSettings(appID: late.id, [AppSetting(name: "TOKEN", value: "late-secret", isSecret: true)])
            #expect(try await one.settings(appID: late.id).map(\.value) == ["late-secret"])
        }
    }

    @Test(arguments: StoreBackend.configured)
    func revokingAWorkerRemovesEveryWrapOfIt(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let a = try await f.app("a")
            let b = try await f.app("b")
            let w = try await Self.worker("desk7", f.store)
            for app in [a, b] {
                try await f.store.putSettings(appID: app.id, Self.secrets)
                try await f.store.replacePlacements(appID: app.id, workerIDs: [w.id], at: Self.start)
            }
            let store = try await f.opened(worker: w)
            #expect(try await store.settings(appID: b.id).count == 2)
            #expect(try await f.store.revokeWorker(named: "desk7"))
            await Self.expectClosed { _ = try await store.settings(appID: a.id) }
            await Self.expectClosed { _ = try await store.settings(appID: b.id) }
            // Management still reads everything.
            #expect(try await f.store.settings(appID: a.id).first?.value == Self.secrets[0].value)
        }
    }

    @Test(arguments: StoreBackend.configured)
    func aStoreOpenedWithAWorkerKeyNeitherPlacesNorWritesSecrets(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let app = try await f.app("refused")
            let w = try await Self.worker("w", f.store)
            let store = try await f.opened(worker: w)
            await #expect {
                try await store.replacePlacements(appID: app.id, workerIDs: [w.id], at: Self.start)
            } throws: { error in
                "\(error)".contains("placing apps needs the master key")
            }
            #expect(try await f.store.placements(appID: app.id).isEmpty)
            await #expect {
                try await store.putSettings(appID: app.id, Self.secrets)
            } throws: { error in
                "\(error)".contains("holds no master key")
            }
            #expect(try await f.store.settings(appID: app.id).isEmpty)
        }
    }

    @Test(arguments: StoreBackend.configured)
    func aNewMasterKeyGivesNewDataKeysWrappedForThePlacedWorkers(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let app = try await f.app("rotated")
            let w = try await Self.worker("w", f.store)
            try await f.store.putSettings(appID: app.id, Self.secrets)
            try await f.store.replacePlacements(appID: app.id, workerIDs: [w.id], at: Self.start)
            let new = Data((0..<32).map { _ in UInt8.random(in: 0...255) })
            let ring = try await f.reopened(keys: [new, f.keyBytes])
            while try await ring.resealSecrets(limit: 10) > 0 {}
            #expect(try await ring.sealedSecretCounts() == [SecretCipher.id(of: new): 1])
            #expect(try await f.opened(worker: w).settings(appID: app.id).first?.value == Self.secrets[0].value)
            #expect(try await f.reopened(keys: [new]).settings(appID: app.id).first?.value == Self.secrets[0].value)
        }
    }

    @Test(arguments: StoreBackend.configured)
    func aPublicKeyOfTheWrongLengthIsRefusedAtRegistration(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let registration = WorkerRegistration(
                name: "odd",
                advertiseURL: "http://odd.example:7071",
                capacityMB: 1024,
                version: "1",
                publicKey: Data(repeating: 9, count: 31)
            )
            await #expect {
                _ = try await f.store.registerWorker(registration, credentialHash: nil, at: Self.start)
            } throws: { error in
                (error as? HearthError)?.code == .invalidArgument && "\(error)".contains("public key")
            }
            #expect(try await f.store.worker(named: "odd") == nil)
        }
    }
}

/// Values written before data keys (sealed under the master key itself) and damaged rows, on
/// SQLite, where the test can write the rows directly.
@Suite struct AppDataKeysLegacyTests {
    @Test func valuesSealedUnderTheMasterKeyKeepOpeningAndReSealingMovesThemUnderTheDataKey() async throws {
        let f = try SQLiteContractFixture()
        defer { f.inner.remove() }
        let app = try await f.app("legacy")
        let w = try await AppDataKeysContractTests.worker("w", f.store)
        try await f.store.putSettings(appID: app.id, [AppSetting(name: "OLD", value: "placeholder", isSecret: true)])
        try await f.store.replacePlacements(appID: app.id, workerIDs: [w.id], at: AppDataKeysContractTests.start)
        // As a version-12 binary wrote it: directly under the master key.
        let legacy = try SecretCipher(keyBytes: f.keyBytes).seal("old-secret", context: "setting:\(app.id.uuidString):OLD")
        let queue = try DatabaseQueue(path: f.inner.path)
        try await queue.write { db in
            try db.execute(sql: "UPDATE app_settings SET value = ? WHERE app_id = ?", arguments: [legacy, app.id.uuidString])
        }
        try queue.close()
        #expect(try await f.store.settings(appID: app.id).map(\.value) == ["old-secret"])
        let worker = try await f.opened(worker: w)
        await #expect {
            _ = try await worker.settings(appID: app.id)
        } throws: { error in
            "\(error)".contains("holds no master key") && !"\(error)".contains("old-secret")
        }
        #expect(try await f.store.resealSecrets(limit: 10) == 1)
        #expect(try await f.store.sealedSecretCounts() == [SecretCipher.id(of: f.keyBytes): 1])
        #expect(try await worker.settings(appID: app.id).map(\.value) == ["old-secret"])
        #expect(try await f.store.resealSecrets(limit: 10) == 0)
    }

    @Test func aDamagedWrapIsAClearErrorNotACrash() async throws {
        let f = try SQLiteContractFixture()
        defer { f.inner.remove() }
        let app = try await f.app("damaged")
        let w = try await AppDataKeysContractTests.worker("w", f.store)
        try await f.store.putSettings(appID: app.id, AppDataKeysContractTests.secrets)
        try await f.store.replacePlacements(appID: app.id, workerIDs: [w.id], at: AppDataKeysContractTests.start)
        let queue = try DatabaseQueue(path: f.inner.path)
        for damage in ["UPDATE app_key_wraps SET ciphertext = X'00'", "UPDATE app_key_wraps SET enc = randomblob(32)"] {
            try await queue.write { db in try db.execute(sql: damage) }
            await #expect {
                _ = try await f.opened(worker: w).settings(appID: app.id)
            } throws: { error in
                (error as? StoreError)?.code == .corrupt && !"\(error)".contains("hunter2")
            }
            // Placing again wraps afresh.
            try await f.store.replacePlacements(appID: app.id, workerIDs: [], at: AppDataKeysContractTests.start)
            try await f.store.replacePlacements(appID: app.id, workerIDs: [w.id], at: AppDataKeysContractTests.start)
            #expect(try await f.opened(worker: w).settings(appID: app.id).count == 2)
        }
        try queue.close()
    }
}

extension AppDataKeysLegacyTests {
    @Test func aWorkerRowWithAMalformedPublicKeyGetsNoWrapAndDoesNotBlockThePlacement() async throws {
        let f = try SQLiteContractFixture()
        defer { f.inner.remove() }
        let app = try await f.app("malformed")
        let good = try await AppDataKeysContractTests.worker("good", f.store)
        let bad = try await AppDataKeysContractTests.worker("bad", f.store)
        try await f.store.putSettings(appID: app.id, AppDataKeysContractTests.secrets)
        let queue = try DatabaseQueue(path: f.inner.path)
        try await queue.write { db in
            try db.execute(sql: "UPDATE workers SET public_key = X'0102' WHERE id = ?", arguments: [bad.id.uuidString])
        }
        try queue.close()
        try await f.store.replacePlacements(appID: app.id, workerIDs: [good.id, bad.id], at: AppDataKeysContractTests.start)
        #expect(Set(try await f.store.placements(appID: app.id).map(\.workerID)) == [good.id, bad.id])
        #expect(try await f.opened(worker: good).settings(appID: app.id).count == 2)
        await AppDataKeysContractTests.expectClosed { _ = try await f.opened(worker: bad).settings(appID: app.id) }
    }
}

extension ContractFixture {
    /// The same data opened the way a worker that joined without the master key opens it.
    func opened(worker: AppDataKeysContractTests.Worker) async throws -> any Store {
        let keys = StoreKeySource.worker(try WorkerKey(rawRepresentation: worker.key.rawRepresentation))
        switch self {
        case let sqlite as SQLiteContractFixture:
            return try SQLiteStore(path: sqlite.inner.path, keys: keys)
        case let sqlServer as SQLServerContractFixture:
            return try await SQLServerStore.open(configuration: sqlServer.configuration, keys: keys)
        default:
            throw StoreError(.configuration, "no worker-key opening for \(type(of: self))")
        }
    }
}
