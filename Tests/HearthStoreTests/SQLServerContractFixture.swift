import Foundation
import HearthCore

@testable import HearthStore

/// The SQL Server backend, when `HEARTH_TEST_MSSQL` holds a connection string
/// (`Server=tcp:HOST,1433;User ID=…;Password=…;Encrypt=false`) whose login may create databases.
/// Each test gets a database of its own (`hearth_test_<random>`), migrated by the real migrator,
/// and dropped afterwards.
struct SQLServerContractFixture: ContractFixture {
    static let environmentVariable = "HEARTH_TEST_MSSQL"
    static var connectionString: String? {
        ProcessInfo.processInfo.environment[environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
    }

    let store: any Store
    let configuration: SQLServerConfiguration
    let keyBytes: Data
    let server: SQLServerConfiguration
    let database: String

    init() async throws {
        guard let text = Self.connectionString else { throw StoreError(.configuration, "\(Self.environmentVariable) is not set") }
        var server = try SQLServerConfiguration(connectionString: text)
        server.database = nil
        database = "hearth_test_" + UUID().uuidString.prefix(8).lowercased()
        let name = database
        try await Self.withConnection(server) { _ = try $0.batch("CREATE DATABASE [\(name)];") }
        var configuration = server
        configuration.database = database
        self.server = server
        self.configuration = configuration
        keyBytes = Data((0..<32).map { _ in UInt8.random(in: 0...255) })
        store = try await SQLServerStore.open(configuration: configuration, cipher: SecretCipher(keyBytes: keyBytes), migrate: true)
    }

    static func withConnection<T: Sendable>(
        _ configuration: SQLServerConfiguration,
        _ body: @escaping @Sendable (TDSConnection) throws -> T
    ) async throws -> T {
        let connection = try await SQLServerConnection.open(configuration)
        defer { connection.close() }
        return try await connection.run(body)
    }

    func storageContains(_ needle: Data) async throws -> Bool {
        let rows = try await Self.withConnection(configuration) { c in
            try c.batch("SELECT value FROM hearth.app_settings UNION ALL SELECT value FROM hearth.function_keys").rows
        }
        return rows.contains { $0.bytes("value")?.range(of: needle) != nil }
    }

    func reopened(keys: [Data]) async throws -> any Store {
        try await SQLServerStore.open(configuration: configuration, cipher: SecretCipher(keys: keys))
    }

    func remove() async {
        (store as? SQLServerStore)?.shutdown()
        let name = database
        _ = try? await Self.withConnection(server) { c in
            try c.batch("ALTER DATABASE [\(name)] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [\(name)];")
        }
    }
}
