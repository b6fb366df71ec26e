import Foundation
import HearthCore
import HearthStore
import Testing

extension StoreContract {
    /// A new master key takes over: secrets sealed under the old one are re-sealed in batches while
    /// both are in the ring; then the old key can go. A store holding secrets under a key a process
    /// lacks fails with that key's id, never with garbage.
    static func secretsMoveToANewMasterKey(_ f: some ContractFixture) async throws {
        let app = try await f.app("rotate")
        try await f.store.putSettings(
            appID: app.id,
            (1...5).map { AppSetting(name: "SECRET_\($0)", value: "value-\($0)", isSecret: true) } + [
                AppSetting(name: "PLAIN", value: "plain", isSecret: false)
            ]
        )
        _ = try await f.store.putKey(appID: app.id, FunctionKey(scope: .host, name: "default", value: "host-key-value"))
        _ = try await f.store.setPublishingCredentials(
            appID: app.id,
            PublishingCredentials(userName: "$rotate", password: "publish-pw"),
            replace: true
        )
        let old = f.keyBytes
        let oldID = SecretCipher.id(of: old)
        #expect(try await f.store.sealedSecretCounts() == [oldID: 7])

        let new = Data((0..<32).map { _ in UInt8.random(in: 0...255) })
        let newID = SecretCipher.id(of: new)
        let ring = try await f.reopened(keys: [new, old])
        // Both keys open everything while the work goes on.
        #expect(try await ring.settings(appID: app.id).first { $0.name == "SECRET_3" }?.value == "value-3")
        #expect(try await ring.resealSecrets(limit: 3) == 3)
        #expect(try await ring.sealedSecretCounts() == [oldID: 4, newID: 3])
        // A write meanwhile is sealed with the primary key.
        try await ring.putSettings(appID: app.id, [AppSetting(name: "SECRET_6", value: "value-6", isSecret: true)])
        var rounds = 0
        while try await ring.resealSecrets(limit: 3) > 0 { rounds += 1 }
        #expect(rounds == 2)
        #expect(try await ring.sealedSecretCounts() == [newID: 8])

        // The old key is no longer needed.
        let newOnly = try await f.reopened(keys: [new])
        #expect(try await newOnly.settings(appID: app.id).map(\.value) == ["plain"] + (1...6).map { "value-\($0)" })
        #expect(try await newOnly.keys(appID: app.id).first?.value == "host-key-value")
        #expect(try await newOnly.publishingCredentials(appID: app.id)?.password == "publish-pw")
        // A process with only the old key is told which key it lacks.
        let oldOnly = try await f.reopened(keys: [old])
        await #expect {
            _ = try await oldOnly.settings(appID: app.id)
        } throws: { error in
            "\(error)".contains("master key \(newID)") && "\(error)".contains("does not have")
        }
    }

    /// Tenants' domain suffixes: one tenant each; disabled host names route nowhere but are kept.
    static func tenantDomainsAndDisabledHostNames(_ f: some ContractFixture) async throws {
        let app = try await f.app("domains")
        let other = Tenant(name: "other-tenant")
        try await f.store.createTenant(other)
        try await f.store.addTenantDomain(TenantDomain(suffix: "Apps.Example.com", tenantID: app.tenantID))
        await #expect(throws: StoreError.self) { try await f.store.addTenantDomain(TenantDomain(suffix: "apps.example.com", tenantID: other.id)) }
        // Above or below another tenant's domain: refused by the store itself (no check-then-insert race).
        await #expect(throws: StoreError.self) { try await f.store.addTenantDomain(TenantDomain(suffix: "example.com", tenantID: other.id)) }
        await #expect(throws: StoreError.self) { try await f.store.addTenantDomain(TenantDomain(suffix: "x.apps.example.com", tenantID: other.id)) }
        try await f.store.addTenantDomain(TenantDomain(suffix: "x.apps.example.com", tenantID: app.tenantID))
        try await f.store.addTenantDomain(TenantDomain(suffix: "otherapps.example.com", tenantID: other.id))
        #expect(try await f.store.removeTenantDomain(tenantID: app.tenantID, suffix: "x.apps.example.com"))
        #expect(try await f.store.removeTenantDomain(tenantID: other.id, suffix: "otherapps.example.com"))
        #expect(try await f.store.tenantDomains(tenantID: app.tenantID).map(\.suffix) == ["apps.example.com"])
        #expect(try await f.store.tenantDomains(tenantID: other.id).isEmpty)
        #expect(try await f.store.tenantDomains(tenantID: nil).count == 1)

        try await f.store.setHostNames(appID: app.id, ["a.apps.example.com", "127.0.0.1"])
        #expect(try await f.store.disableHostName("127.0.0.1", reason: "an IP address"))
        #expect(try await f.store.disableHostName("nobody.example", reason: "x") == false)
        #expect(try await f.store.app(hostName: "127.0.0.1") == nil)
        #expect(try await f.store.app(hostName: "a.apps.example.com")?.id == app.id)
        #expect(try await f.store.app(id: app.id)?.hostNames == ["a.apps.example.com"])
        #expect(try await f.store.apps(tenantID: nil).first { $0.id == app.id }?.hostNames == ["a.apps.example.com"])
        #expect(try await f.store.disabledHostNames(appID: app.id).map(\.reason) == ["an IP address"])
        #expect(try await f.store.disabledHostNames(appID: nil).map(\.hostName) == ["127.0.0.1"])

        // A disabled name can be claimed by another app (the one whose tenant now holds the domain).
        let claimant = AppRecord(tenantID: other.id, name: "domains-other")
        try await f.store.createApp(claimant)
        try await f.store.setHostNames(appID: claimant.id, ["127.0.0.1"])
        #expect(try await f.store.app(hostName: "127.0.0.1")?.id == claimant.id)
        #expect(try await f.store.disabledHostNames(appID: nil).isEmpty)

        #expect(try await f.store.removeTenantDomain(tenantID: app.tenantID, suffix: "apps.example.com"))
        #expect(try await f.store.removeTenantDomain(tenantID: app.tenantID, suffix: "apps.example.com") == false)
    }
}
