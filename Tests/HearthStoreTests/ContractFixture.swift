import Foundation
import HearthCore
import HearthStore

/// A fresh store of one backend for one contract test.
protocol ContractFixture: Sendable {
    var store: any Store { get }
    /// Whether the bytes the backend keeps hold `needle` anywhere (for the secrets-at-rest check).
    func storageContains(_ needle: Data) async throws -> Bool
    /// The master key the store was made with.
    var keyBytes: Data { get }
    /// The same data opened with another ring of master keys (the first the primary).
    func reopened(keys: [Data]) async throws -> any Store
    func remove() async
}

extension ContractFixture {
    /// The same data opened with another master key.
    func reopened(keyBytes: Data) async throws -> any Store { try await reopened(keys: [keyBytes]) }

    /// A tenant and an app to hang things on.
    func app(_ name: String = "app1") async throws -> AppRecord {
        let tenant = Tenant(name: "t-\(name)")
        try await store.createTenant(tenant)
        let app = AppRecord(tenantID: tenant.id, name: name)
        try await store.createApp(app)
        return app
    }
}

/// The SQLite backend: a database file in a temporary directory.
struct SQLiteContractFixture: ContractFixture {
    let inner: StoreFixture
    var store: any Store { inner.store }

    init() throws { inner = try StoreFixture() }

    func storageContains(_ needle: Data) async throws -> Bool {
        let raw = try Data(contentsOf: URL(fileURLWithPath: inner.path))
        let wal = (try? Data(contentsOf: URL(fileURLWithPath: inner.path + "-wal"))) ?? Data()
        return raw.range(of: needle) != nil || wal.range(of: needle) != nil
    }

    var keyBytes: Data { inner.keyBytes }

    func reopened(keys: [Data]) async throws -> any Store {
        try SQLiteStore(path: inner.path, cipher: SecretCipher(keys: keys))
    }

    func remove() async { inner.remove() }
}
