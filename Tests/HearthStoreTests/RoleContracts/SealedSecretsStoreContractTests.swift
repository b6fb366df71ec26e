import Foundation
import HearthCore
import HearthStore
import Testing

/// ``SealedSecretsStore``'s documented behaviour (what `hearth secrets` relies on), on every
/// configured backend. The move to a new key is ``StoreContract/secretsMoveToANewMasterKey(_:)``.
@Suite struct SealedSecretsStoreContractTests {
    @Test(.enabled(if: StoreBackend.sqlServerConfigured, StoreBackend.sqlServerSkipped))
    func sqlServerIsAmongTheBackends() {
        #expect(StoreBackend.configured.map(\.name) == ["SQLite", "SQL Server"])
    }

    @Test(arguments: StoreBackend.configured)
    func anEmptyStoreCountsNothingAndHasNothingToReseal(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any SealedSecretsStore = f.store
            #expect(try await store.sealedSecretCounts().isEmpty)
            #expect(try await store.resealSecrets(limit: 10) == 0)
        }
    }

    @Test(arguments: StoreBackend.configured)
    func valuesUnderThePrimaryKeyAreCountedAndLeftAsTheyAre(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any SealedSecretsStore = f.store
            let app = try await f.app()
            try await f.store.putSettings(
                appID: app.id,
                [
                    AppSetting(name: "SECRET", value: "s", isSecret: true), AppSetting(name: "PLAIN", value: "p", isSecret: false),
                ]
            )
            _ = try await f.store.putKey(appID: app.id, FunctionKey(scope: .master, name: "master", value: "m"))
            _ = try await f.store.setPublishingCredentials(appID: app.id, PublishingCredentials(userName: "$app1", password: "pw"), replace: true)
            let primary = SecretCipher.id(of: f.keyBytes)
            #expect(try await store.sealedSecretCounts() == [primary: 3])
            #expect(try await store.resealSecrets(limit: 10) == 0)
            #expect(try await store.sealedSecretCounts() == [primary: 3])
            #expect(try await f.store.settings(appID: app.id).map(\.value) == ["p", "s"])
        }
    }
}
