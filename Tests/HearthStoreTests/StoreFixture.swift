import Foundation
import HearthCore
import HearthStore

/// A fresh SQLite store in its own temporary directory, per test.
struct StoreFixture {
    let directory: URL
    let store: SQLiteStore
    let keyBytes: Data

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        keyBytes = Data((0..<32).map { _ in UInt8.random(in: 0...255) })
        store = try SQLiteStore(path: directory.appendingPathComponent("hearth.sqlite").path, cipher: SecretCipher(keyBytes: keyBytes))
    }

    var path: String { directory.appendingPathComponent("hearth.sqlite").path }

    /// A tenant and an app to hang things on.
    func app(_ name: String = "app1") async throws -> AppRecord {
        let tenant = Tenant(name: "t-\(name)")
        try await store.createTenant(tenant)
        let app = AppRecord(tenantID: tenant.id, name: name)
        try await store.createApp(app)
        return app
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}
