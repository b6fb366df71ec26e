public import Foundation
public import Logging

/// Opens the store a `--store` option names: SQL Server for an ADO.NET connection string or an
/// `mssql://` URL, otherwise the embedded SQLite database in the data directory.
///
/// ```swift
/// let store = try await StoreFactory.open(connectionString: options.store, dataDirectory: dataDirectory, cipher: key.cipher, migrate: options.migrate)
/// ```
public enum StoreFactory {
    /// - Parameters:
    ///   - connectionString: `nil` or empty for SQLite at `dataDirectory/hearth.sqlite`; a SQLite
    ///     file path (`sqlite:/path` or a path ending in `.sqlite`/`.db`); or a SQL Server
    ///     connection string.
    ///   - migrate: SQL Server only: apply pending migrations first. Without it the runtime refuses
    ///     to start on pending migrations or drift. SQLite always migrates itself.
    public static func open(
        connectionString: String?,
        dataDirectory: URL,
        cipher: SecretCipher,
        migrate: Bool = false,
        logger: Logger = Logger(label: "hearth.store")
    ) async throws -> any Store {
        try await open(connectionString: connectionString, dataDirectory: dataDirectory, keys: .master(cipher), migrate: migrate, logger: logger)
    }

    /// Opens the store with `keys`: the master keys, or a worker's own key (`.worker`: a worker
    /// that joined the fleet; it opens only the secrets of the apps placed on it and writes none).
    public static func open(
        connectionString: String?,
        dataDirectory: URL,
        keys: StoreKeySource,
        migrate: Bool = false,
        logger: Logger = Logger(label: "hearth.store")
    ) async throws -> any Store {
        let text = connectionString?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if text.isEmpty {
            return try SQLiteStore(path: dataDirectory.appendingPathComponent("hearth.sqlite").path, keys: keys, logger: logger)
        }
        if text.lowercased().hasPrefix("sqlite:") {
            return try SQLiteStore(path: String(text.dropFirst("sqlite:".count)), keys: keys, logger: logger)
        }
        if !SQLServerConfiguration.looksLikeConnectionString(text) && (text.hasSuffix(".sqlite") || text.hasSuffix(".db")) {
            return try SQLiteStore(path: text, keys: keys, logger: logger)
        }
        let configuration: SQLServerConfiguration
        do {
            configuration = try SQLServerConfiguration(connectionString: text)
        } catch let error as SQLServerError {
            throw StoreError(.configuration, "--store: \(error)", cause: error)
        }
        logger.info("store", metadata: ["backend": "sqlserver", "server": "\(configuration)"])
        do {
            return try await SQLServerStore.open(configuration: configuration, keys: keys, migrate: migrate, logger: logger)
        } catch let error as SQLServerError {
            throw StoreError(error.code == .login ? .configuration : .unavailable, "\(error)", cause: error)
        }
    }
}
