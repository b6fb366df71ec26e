import Foundation
import HTTPTypes
import HearthCore
import HearthStore
import Testing

@testable import HearthManagement

@Suite struct SettingsTests {
    @Test func secretsAreMaskedForContributorsAndShownToOwners() async throws {
        let instance = try await TestInstance()
        let app = try await instance.seedApp()
        let contributor = try await instance.token(role: .contributor, tenant: "acme")
        let owner = try await instance.token(role: .owner, tenant: "acme")
        try await instance.test { client in
            let put = try await client.call(
                .put,
                "/api/apps/orders/settings/DB_PASSWORD",
                token: contributor,
                json: #"{"value": "hunter2-secret", "secret": true}"#
            )
            #expect(put.status == .created)
            #expect(put.json["value"] is NSNull)
            #expect(put.json["secret"] as? Bool == true)
            #expect(!put.text.contains("hunter2"))

            let merge = try await client.call(
                .put,
                "/api/apps/orders/settings",
                token: contributor,
                json: #"{"MODE": "fast", "API_KEY": {"value": "abc-secret", "secret": true}}"#
            )
            #expect(merge.status == .ok)
            #expect(!merge.text.contains("abc-secret"))

            let masked = try await client.call(.get, "/api/apps/orders/settings", token: contributor)
            let settings = try #require(masked.json["settings"] as? [[String: Any]])
            #expect(settings.map { $0["name"] as? String } == ["API_KEY", "DB_PASSWORD", "MODE"])
            #expect(settings.first { $0["name"] as? String == "MODE" }?["value"] as? String == "fast")
            #expect(!masked.text.contains("hunter2") && !masked.text.contains("abc-secret"))

            let revealed = try await client.call(.get, "/api/apps/orders/settings", token: owner)
            #expect(revealed.text.contains("hunter2-secret"))

            // A plain-string update keeps the secret flag.
            _ = try await client.call(.put, "/api/apps/orders/settings", token: owner, json: #"{"DB_PASSWORD": "rotated-secret"}"#)
            let delete = try await client.call(.delete, "/api/apps/orders/settings/MODE", token: contributor)
            #expect(delete.status == .noContent)
            let deleteMissing = try await client.call(.delete, "/api/apps/orders/settings/MODE", token: contributor)
            #expect(deleteMissing.status == .notFound)
        }
        let stored = try await instance.store.settings(appID: app.id)
        #expect(stored.first { $0.name == "DB_PASSWORD" }?.isSecret == true)
        #expect(stored.first { $0.name == "DB_PASSWORD" }?.value == "rotated-secret")
        #expect(stored.count == 2)
    }

    @Test func invalidSettingNamesAreRefused() async throws {
        let instance = try await TestInstance()
        let app = try await instance.seedApp()
        try await instance.test { [adminToken = instance.adminToken] client in
            let equals = try await client.call(.put, "/api/apps/orders/settings", token: adminToken, json: #"{"A=B": "x", "OK": "y"}"#)
            #expect(equals.status == .badRequest)
            #expect(equals.errorMessage.contains("'='"))
            let long = String(repeating: "N", count: 257)
            let tooLong = try await client.call(.put, "/api/apps/orders/settings/\(long)", token: adminToken, json: #"{"value": "x"}"#)
            #expect(tooLong.status == .badRequest)
            let wrongShape = try await client.call(.put, "/api/apps/orders/settings", token: adminToken, json: #"{"A": 5}"#)
            #expect(wrongShape.status == .badRequest)
            #expect(wrongShape.errorMessage.contains("'A'"))
        }
        #expect(try await instance.store.settings(appID: app.id).isEmpty)
    }
}
