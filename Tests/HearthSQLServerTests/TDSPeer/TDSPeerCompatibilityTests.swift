import Foundation
import Testing

@testable import HearthStore

/// The start-up check on a SQL Server schema newer than the binary, and the compatibility rows the
/// migrator writes, against the TDS test peer playing a database whose journal the test chooses.
@Suite(.serialized) struct TDSPeerCompatibilityTests {
    /// A peer whose journal holds `rows` (version, checksum, recorded compatibility).
    static func peer(_ rows: [(Int, String, String?)]) throws -> TDSPeer {
        try TDSPeer { request in
            let sql = request.sql
            if sql.contains(SQLServerStatements.journalExists.sql) {
                return [.rows([TDSPeerColumn(name: "present", type: .bitN)], [[.bit(true)]])]
            }
            if sql.contains(SQLServerStatements.selectCompatibility.sql) {
                let columns = [
                    TDSPeerColumn(name: "version", type: .intN(size: 4)), TDSPeerColumn(name: "compatibility", type: .nvarchar(maxBytes: 40)),
                ]
                return [.rows(columns, rows.compactMap { row in row.2.map { [.int(Int64(row.0)), .text($0)] } })]
            }
            if sql.contains(SQLServerStatements.selectJournal.sql) {
                return TDSPeerJournal.reply(rows.map { ($0.0, $0.1) })
            }
            if sql.contains("sp_getapplock") {
                return [.rows([TDSPeerColumn(name: "result", type: .intN(size: 4))], [[.int(0)]])]
            }
            return [.done(rowCount: 0)]
        }
    }

    func configuration(_ peer: TDSPeer) throws -> SQLServerConfiguration {
        try SQLServerConfiguration(
            connectionString:
                "Server=tcp:127.0.0.1,\(peer.port);Database=hearth;User ID=hearth_app;Password=\(TDSPeerMigrationTests.password);Encrypt=false"
        )
    }

    static func knownRows() throws -> [(Int, String, String?)] {
        try SQLServerStore.migrations().map { ($0.version, $0.checksum, $0.compatibility?.rawValue) }
    }

    @Test func aSchemaNewerByAnExpandMigrationStarts() async throws {
        let peer = try Self.peer(try Self.knownRows() + [(98, "f", "expand")])
        defer { peer.stop() }
        let store = try await SQLServerStore.open(configuration: try configuration(peer), cipher: SecretCipher(keyBytes: Data(count: 32)))
        store.shutdown()
    }

    @Test func aSchemaNewerByAContractMigrationIsRefused() async throws {
        let peer = try Self.peer(try Self.knownRows() + [(98, "f", "expand"), (99, "f", "contract")])
        defer { peer.stop() }
        await #expect {
            _ = try await SQLServerStore.open(configuration: try configuration(peer), cipher: SecretCipher(keyBytes: Data(count: 32)))
        } throws: { error in
            let text = "\(error)"
            return text.contains("version 99 (m99), a contract migration") && text.contains("one that knows migration 0099")
        }
    }

    @Test func theMigratorRecordsEachMigrationsCompatibility() async throws {
        let peer = try Self.peer([])
        defer { peer.stop() }
        let migrator = try SQLServerMigrator(configuration: try configuration(peer))
        defer { migrator.shutdown() }
        let applied = try await migrator.migrate()
        #expect(applied.map(\.compatibility) == (try SQLServerStore.migrations()).map(\.compatibility))
        let recorded = peer.requests.filter { $0.sql == SQLServerStatements.recordCompatibility.sql }
        #expect(recorded.count == applied.count)
        #expect(
            recorded.allSatisfy { $0.parameters.contains { $0.name == "@compatibility" && $0.value == .text("expand") } },
            "\(recorded.map(\.parameters))"
        )
    }
}
