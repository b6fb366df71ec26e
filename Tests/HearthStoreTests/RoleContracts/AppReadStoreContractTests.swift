import Foundation
import HearthCore
import HearthStore
import Testing

/// ``AppReadStore``'s documented behaviour, the reads both roles make, on every configured
/// backend. Each test sees the store only as `any AppReadStore`.
@Suite struct AppReadStoreContractTests {
    @Test(.enabled(if: StoreBackend.sqlServerConfigured, StoreBackend.sqlServerSkipped))
    func sqlServerIsAmongTheBackends() {
        #expect(StoreBackend.configured.map(\.name) == ["SQLite", "SQL Server"])
    }

    @Test(arguments: StoreBackend.configured)
    func appsOfOneTenantOrOfAllAreListedByName(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any AppReadStore = f.store
            let zulu = try await f.app("zulu")
            let tenant = try #require(try await f.store.tenant(id: zulu.tenantID))
            try await f.store.createApp(AppRecord(tenantID: tenant.id, name: "alpha", hostNames: ["b.example.com", "a.example.com"]))
            let mike = try await f.app("mike")
            #expect(try await store.apps(tenantID: tenant.id).map(\.name) == ["alpha", "zulu"])
            #expect(try await store.apps(tenantID: mike.tenantID).map(\.name) == ["mike"])
            #expect(try await store.apps(tenantID: nil).map(\.name) == ["alpha", "mike", "zulu"])
            #expect(try await store.apps(tenantID: UUID()).isEmpty)
            #expect(try await store.apps(tenantID: nil).first?.hostNames == ["a.example.com", "b.example.com"])
        }
    }

    @Test(arguments: StoreBackend.configured)
    func whatDoesNotExistReadsAsNothing(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any AppReadStore = f.store
            #expect(try await store.deployment(id: UUID()) == nil)
            #expect(try await store.package(sha256: "0000") == nil)
            #expect(try await store.settings(appID: UUID()).isEmpty)
            #expect(try await store.keys(appID: UUID()).isEmpty)
        }
    }

    @Test(arguments: StoreBackend.configured)
    func keysAreOrderedByScopeFunctionAndName(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any AppReadStore = f.store
            let app = try await f.app()
            let keys = [
                FunctionKey(scope: .host, name: "zeta", value: "1"), FunctionKey(scope: .function, functionName: "Hello", name: "b", value: "2"),
                FunctionKey(scope: .host, name: "alpha", value: "3"), FunctionKey(scope: .function, functionName: "Hello", name: "a", value: "4"),
            ]
            for key in keys { _ = try await f.store.putKey(appID: app.id, key) }
            let read = try await store.keys(appID: app.id)
            #expect(read.map(\.scope.rawValue) == ["function", "function", "host", "host"])
            #expect(read.map(\.name) == ["a", "b", "alpha", "zeta"])
            #expect(read.map(\.value) == ["4", "2", "3", "1"])
            #expect(read.first?.functionName == "Hello")
        }
    }
}
