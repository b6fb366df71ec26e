import HearthStore
import Testing

/// A backend a role-contract suite runs against: a name for the test report and a factory of a
/// fresh ``ContractFixture`` (its own database) per test.
///
/// The suites take ``configured`` as Swift Testing arguments: SQLite always, SQL Server when
/// `HEARTH_TEST_MSSQL` holds a connection string. Each suite also has a SQL Server test that is
/// reported as skipped, with the reason, when it does not.
struct StoreBackend: Sendable, CustomTestStringConvertible {
    let name: String
    let make: @Sendable () async throws -> any ContractFixture

    var testDescription: String { name }

    static let sqlite = StoreBackend(name: "SQLite") { try SQLiteContractFixture() }
    static let sqlServer = StoreBackend(name: "SQL Server") { try await SQLServerContractFixture() }

    /// Whether the environment names a SQL Server for the contract suites.
    static var sqlServerConfigured: Bool { SQLServerContractFixture.connectionString != nil }

    /// Why the SQL Server runs did not happen, for `.enabled(if:_:)`.
    static let sqlServerSkipped: Comment =
        "SQL Server runs skipped: set HEARTH_TEST_MSSQL to a connection string whose login may create databases"

    /// The backends this environment can run: SQLite, and SQL Server when configured.
    static var configured: [StoreBackend] { sqlServerConfigured ? [.sqlite, .sqlServer] : [.sqlite] }

    /// Runs `body` on a fresh store of this backend, removing its database afterwards (also when
    /// `body` throws).
    func run(_ body: (any ContractFixture) async throws -> Void) async throws {
        let fixture = try await make()
        do {
            try await body(fixture)
        } catch {
            await fixture.remove()
            throw error
        }
        await fixture.remove()
    }
}
