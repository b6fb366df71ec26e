import Foundation
import HearthStore
import Testing

/// ``SchemaStore``'s documented behaviour: a store is handed out with a current schema, on every
/// configured backend.
@Suite struct SchemaStoreContractTests {
    @Test(.enabled(if: StoreBackend.sqlServerConfigured, StoreBackend.sqlServerSkipped))
    func sqlServerIsAmongTheBackends() {
        #expect(StoreBackend.configured.map(\.name) == ["SQLite", "SQL Server"])
    }

    @Test(arguments: StoreBackend.configured)
    func anOpenedStoreIsCurrentAndStaysSoWhenReopened(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any SchemaStore = f.store
            let status = try await store.migrationStatus()
            #expect(status.isCurrent)
            #expect(status.pending.isEmpty)
            #expect(!status.applied.isEmpty)
            #expect(status.applied.allSatisfy { $0.success })
            let reopened: any SchemaStore = try await f.reopened(keyBytes: f.keyBytes)
            #expect(try await reopened.migrationStatus().applied.map(\.version) == status.applied.map(\.version))
        }
    }
}
