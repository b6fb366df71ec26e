import Foundation
import HTTPTypes
import HearthCore
import HearthStore
import Testing

@testable import HearthManagement

/// Setting values become environment variables: NUL is refused, each value is at most 32 KiB and
/// an app's settings at most 256 KiB together; a refusal names the setting and the limit, never
/// the value, and changes nothing.
@Suite struct SettingValueLimitTests {
    @Test func nulAndOversizeValuesAreRefusedAndChangeNothing() async throws {
        let instance = try await TestInstance()
        let app = try await instance.seedApp()
        try await instance.test { [adminToken = instance.adminToken] client in
            #expect(try await client.call(.put, "/api/apps/orders/settings/MODE", token: adminToken, json: #"{"value": "fast"}"#).status == .created)

            let nul = try await client.call(.put, "/api/apps/orders/settings/MODE", token: adminToken, json: #"{"value": "a\u0000b-secret"}"#)
            #expect(nul.status == .badRequest)
            #expect(nul.errorMessage.contains("'MODE'") && nul.errorMessage.contains("NUL"))
            #expect(!nul.text.contains("b-secret"))

            let big = String(repeating: "x", count: 900 << 10)
            let oversize = try await client.call(
                .put,
                "/api/apps/orders/settings/BLOB",
                token: adminToken,
                json: #"{"value": "\#(big)", "secret": true}"#
            )
            #expect(oversize.status == .contentTooLarge)
            #expect(oversize.errorMessage.contains("'BLOB'") && oversize.errorMessage.contains("32768 bytes"))
            #expect(!oversize.text.contains("xxxxxxxx"))

            let inBulk = try await client.call(
                .put,
                "/api/apps/orders/settings",
                token: adminToken,
                json: #"{"OK": "y", "BLOB": "\#(String(repeating: "x", count: 33 << 10))"}"#
            )
            #expect(inBulk.status == .contentTooLarge)
            #expect(inBulk.errorMessage.contains("'BLOB'"))

            // Each value under 32 KiB, together over 256 KiB.
            let value = String(repeating: "v", count: 30 << 10)
            let many = (0..<9).map { "\"S\($0)\": \"\(value)\"" }.joined(separator: ", ")
            let total = try await client.call(.put, "/api/apps/orders/settings", token: adminToken, json: "{\(many)}")
            #expect(total.status == .contentTooLarge)
            #expect(total.errorMessage.contains("262144 bytes"))

            let fits = try await client.call(
                .put,
                "/api/apps/orders/settings/BIG",
                token: adminToken,
                json: #"{"value": "\#(String(repeating: "x", count: 32 << 10))"}"#
            )
            #expect(fits.status == .created)
        }
        let stored = try await instance.store.settings(appID: app.id)
        #expect(Set(stored.map(\.name)) == ["MODE", "BIG"])
        #expect(stored.first { $0.name == "MODE" }?.value == "fast")
    }

    @Test func anArrayWhereAnObjectIsExpectedSaysSo() async throws {
        let instance = try await TestInstance()
        try await instance.seedApp()
        try await instance.test { [adminToken = instance.adminToken] client in
            for (path, method) in [
                ("/api/apps/orders/settings", HTTPRequest.Method.put), ("/api/apps/orders/settings/MODE", .put), ("/api/tenants", .post),
            ] {
                let response = try await client.call(method, path, token: adminToken, json: #"["MODE", "fast"]"#)
                #expect(response.status == .badRequest, "\(path)")
                #expect(response.errorMessage.contains("expected an object"), "\(path): \(response.errorMessage)")
            }
        }
    }
}
